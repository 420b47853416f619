from tests.fixtures.api import client as client
from tests.fixtures.api import world as world
from tests.fixtures.api import world_template as world_template
