from django.urls import path  # noqa: F401

app_name = "capacity"

# Each page module adds its routes below.
urlpatterns = []
