"""The web platform: the corridor in a browser, in Chinese and English."""
