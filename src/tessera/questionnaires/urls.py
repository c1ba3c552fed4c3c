from django.urls import path

from tessera.questionnaires.views import answer, builder, results

app_name = "questionnaires"

STEP = "processes/<slug:slug>/steps/<int:step_id>/questionnaire/"
STAFF = f"manage/{STEP}"

# Mounted at the root (tessera/urls.py): the resident's pages under the step, the builder
# under the back office.
urlpatterns = [
    path(STEP, answer.answer, name="answer"),
    path(f"{STEP}results/", results.results_page, name="results"),
    path(f"{STEP}results/questions/<int:question_id>/", results.texts_page, name="texts"),
    path(f"{STEP}replies.csv", results.results_csv, name="results_csv"),
    path(f"{STEP}replies.xlsx", results.results_xlsx, name="results_xlsx"),
    path(f"{STEP}codebook.csv", results.codebook_csv, name="codebook_csv"),
    path(STAFF, builder.builder, name="builder"),
    path(f"{STAFF}preview/", builder.preview, name="preview"),
    path(f"{STAFF}sections/", builder.section_add, name="section_add"),
    path(f"{STAFF}sections/<int:section_id>/", builder.section_edit, name="section"),
    path(f"{STAFF}sections/<int:section_id>/move/", builder.move, name="section_move"),
    path(
        f"{STAFF}sections/<int:section_id>/delete/", builder.section_delete, name="section_delete"
    ),
    path(f"{STAFF}questions/new/", builder.question_edit, name="question_add"),
    path(f"{STAFF}questions/<int:question_id>/", builder.question_edit, name="question"),
    path(f"{STAFF}questions/<int:question_id>/move/", builder.move, name="question_move"),
    path(
        f"{STAFF}questions/<int:question_id>/delete/",
        builder.question_delete,
        name="question_delete",
    ),
    path(
        f"{STAFF}questions/<int:question_id>/conditions/",
        builder.condition_add,
        name="condition_add",
    ),
    path(
        f"{STAFF}questions/<int:question_id>/conditions/<int:condition_id>/delete/",
        builder.condition_delete,
        name="condition_delete",
    ),
]
