"""Understanding what pupils write: aspirations coded to SOC 2020, fantasy and "not sure yet",
career stereotypes, safeguarding concerns and personal details.

Pure and offline: no Flask, no database, nothing downloaded. Entry point: analyse().
"""
from __future__ import annotations

from .analysis import Analysis, analyse
from .aspirations import Aspiration
from .safeguarding import Safeguarding

__all__ = ["Analysis", "Aspiration", "Safeguarding", "analyse"]
