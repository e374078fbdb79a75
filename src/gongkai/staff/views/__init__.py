"""Staff pages.  Thin: read through `casework.selectors` and `staff.queries`, change state only
through the actions (`casework.actions`, `agencies.actions`, `annual.locks`)."""

from .cases import case_detail, case_export, case_list, case_new, case_print, case_step
from .files import attachment_download, document_download, document_render
from .home import home
from .settings import agency_settings
from .table3 import table3

__all__ = ["agency_settings", "attachment_download", "case_detail", "case_export", "case_list", "case_new",
           "case_print", "case_step", "document_download", "document_render", "home", "table3"]
