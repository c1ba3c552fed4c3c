from django.urls import path

from tessera.voting.views import residence

app_name = "voting_manage"

# Mounted under /manage/votes/ (tessera/urls.py): the vote's pages of the back office.
urlpatterns = [
    path("<int:step_id>/residence/", residence.residence, name="residence"),
]
