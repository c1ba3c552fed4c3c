from django.urls import path

from tessera.questionnaires.views import answer

app_name = "questionnaires"

# Mounted under /processes/<slug>/steps/<step_id>/questionnaire/ (tessera/urls.py).
urlpatterns = [
    path("", answer.answer, name="answer"),
]
