"""Read a plan document into the structure of ``schema/plan-import.schema.json``.

The reader works on lines (see :mod:`.sources`): it cleans markup and web-page noise, joins lines that
text exported from PDF wrapped mid-sentence, then reads the header block, the title, the basis documents,
the headings and the PAPI dimension of each, the targets, the task table, the "Tổ chức thực hiện" part,
reporting duties and other deadlines, the signer and the recipients. Whatever it sees but cannot place
goes to ``warnings``; nothing is guessed (a blank date stays null).
"""

from .document import read_document, read_plan_lines
from .header import read_header
from .text import clean_line, fold, heading_of, join_wrapped

__all__ = ["clean_line", "fold", "heading_of", "join_wrapped", "read_document", "read_header", "read_plan_lines"]
