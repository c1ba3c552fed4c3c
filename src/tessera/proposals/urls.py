from django.urls import path

from tessera.proposals.views import contact, detail, edit, lists, submit

app_name = "proposals"

# Mounted under /processes/<slug>/steps/<step_id>/proposals/ (tessera/urls.py).
urlpatterns = [
    path("", lists.step_proposals, name="list"),
    path("new/", submit.proposal_submit, name="submit"),
    path("suggestions/", submit.title_suggestions, name="suggestions"),
    path("<int:pk>/", detail.proposal_detail, name="detail"),
    path("<int:pk>/support/", detail.proposal_support, name="support"),
    path("<int:pk>/report/", detail.proposal_report, name="report"),
    path("<int:pk>/edit/", edit.proposal_edit, name="edit"),
    path("<int:pk>/withdraw/", edit.proposal_withdraw, name="withdraw"),
    path("<int:pk>/history/", edit.proposal_history, name="history"),
    path("<int:pk>/contact/", contact.author_contact, name="contact"),
]
