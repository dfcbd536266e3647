"""A profile and a gap analysis as .xlsx (for working on the numbers) and as a .docx briefing note in the
layout of Decree 30/2020/NĐ-CP (Times New Roman, A4, the issuer and national title side by side)."""

from .briefings import gaps_docx, profile_docx
from .layout import TEXT_WIDTH_MM, fitted_widths, fitting_size, text_width_mm
from .workbooks import gaps_xlsx, profile_xlsx

__all__ = [
    "TEXT_WIDTH_MM",
    "fitted_widths",
    "fitting_size",
    "gaps_docx",
    "gaps_xlsx",
    "profile_docx",
    "profile_xlsx",
    "text_width_mm",
]
