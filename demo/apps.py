from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Demo content for local use and benchmarks (`load_demo`); nothing depends on it."""

    name = "demo"
    verbose_name = "演示内容"
