from django.urls import path

from tessera.votations.views import ballot, results, staff

app_name = "votations"

STEP = "processes/<slug:slug>/steps/<int:step_id>/votation/"

# Mounted at the root (tessera/urls.py): the resident's pages under the step, the paper
# count under the back office.
urlpatterns = [
    path(f"{STEP}vote/", ballot.vote, name="vote"),
    path(f"{STEP}receipt/", ballot.receipt_check, name="receipt"),
    path(f"{STEP}results/", results.results, name="results"),
    path(f"{STEP}ballots.csv", results.ballots_csv, name="ballots_csv"),
    path(f"manage/{STEP}stations/", staff.stations, name="stations"),
    path(f"manage/{STEP}codes/", staff.codes_generate, name="codes"),
]
