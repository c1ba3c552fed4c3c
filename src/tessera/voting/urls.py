from django.urls import path

from tessera.voting.views import code, results, staff, submit, vote

app_name = "voting"

# Mounted under /processes/<slug>/steps/<step_id>/vote/ (tessera/urls.py).
urlpatterns = [
    path("", vote.vote_page_view, name="vote"),
    path("basket/", vote.basket_update, name="basket"),
    path("submit/", submit.ballot_submit_view, name="submit"),
    path("about-you/", vote.voter_facts, name="facts"),
    path("thanks/", submit.ballot_thanks, name="thanks"),
    path("code/", code.vote_with_code, name="code"),
    path("results/", results.results_page, name="results"),
    path("results.csv", results.results_csv, name="results_csv"),
    path("results.xlsx", results.results_xlsx, name="results_xlsx"),
    path("results.pb", results.results_pabulib, name="results_pb"),
    path("manage/", staff.manage, name="manage"),
    path("manage/publish/", staff.publish, name="publish"),
    path("manage/publication/", staff.publication, name="publication"),
    path("manage/reset/", staff.reset, name="reset"),
    path("manage/paper/", staff.paper_ballot, name="paper"),
    path("manage/stations/new/", staff.station, name="station_new"),
    path("manage/stations/<int:station_id>/", staff.station, name="station"),
    path("manage/codes/", staff.codes_generate, name="codes"),
    path("manage/census/", staff.census_import, name="census"),
]
