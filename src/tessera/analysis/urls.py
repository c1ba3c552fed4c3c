from django.urls import path

from tessera.analysis.views import proposal, table

app_name = "analysis"

# Mounted under /manage/analysis/ (tessera/urls.py): the staff's own back office.
urlpatterns = [
    path("", table.index, name="index"),
    path("processes/<slug:slug>/proposals/", table.proposal_table, name="table"),
    path("processes/<slug:slug>/proposals/bulk/", table.bulk_action, name="bulk"),
    path(
        "processes/<slug:slug>/proposals/export.csv",
        table.export,
        {"file_format": "csv"},
        name="export_csv",
    ),
    path(
        "processes/<slug:slug>/proposals/export.xlsx",
        table.export,
        {"file_format": "xlsx"},
        name="export_xlsx",
    ),
    path("processes/<slug:slug>/proposals/<int:pk>/", proposal.proposal_analysis, name="proposal"),
    path(
        "processes/<slug:slug>/proposals/<int:pk>/analyses/<int:assignment_id>/",
        proposal.analysis_save,
        name="analysis_save",
    ),
    path(
        "processes/<slug:slug>/proposals/<int:pk>/comments/",
        proposal.comment_add,
        name="comment_add",
    ),
    path("processes/<slug:slug>/proposals/<int:pk>/assign/", proposal.assign, name="assign"),
    path(
        "processes/<slug:slug>/proposals/<int:pk>/revision/",
        proposal.revision_request,
        name="revision_request",
    ),
    path("processes/<slug:slug>/proposals/<int:pk>/decision/", proposal.decide, name="decide"),
]
