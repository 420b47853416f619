"""Emissions accounting after ISO 14083:2023 and the GLEC Framework v3."""

from landsea.emissions.calculator import EmissionsModel as EmissionsModel
from landsea.emissions.factors import FactorTable as FactorTable
from landsea.emissions.factors import load_factor_table as load_factor_table

__all__ = ["EmissionsModel", "FactorTable", "load_factor_table"]
