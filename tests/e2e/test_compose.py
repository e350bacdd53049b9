"""The production-like stack's structure (no Docker engine runs on these machines)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from guichet.config import Settings
from runtime.queues import QueueLayout

ROOT = Path(__file__).resolve().parents[2]
COMPOSE: dict[str, Any] = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
SERVICES: dict[str, dict[str, Any]] = COMPOSE["services"]
ONE_SHOT = {"temporal-schema", "temporal-namespace", "migrate"}


def _env(service: str) -> dict[str, str]:
    environment = SERVICES[service].get("environment", {})
    assert isinstance(environment, dict), f"{service}: environment as a mapping"
    return {key: str(value) for key, value in environment.items()}


def _depends(service: str) -> dict[str, str]:
    depends = SERVICES[service].get("depends_on", {})
    assert isinstance(depends, dict), f"{service}: depends_on with conditions"
    return {name: spec["condition"] for name, spec in depends.items()}


def test_services() -> None:
    assert set(SERVICES) == {
        "postgresql",
        "temporal-schema",
        "temporal",
        "temporal-namespace",
        "temporal-ui",
        "migrate",
        "worker",
        "web",
    }


def test_images_are_official_and_not_auto_setup() -> None:
    images = {name: str(spec.get("image", "")) for name, spec in SERVICES.items()}
    assert images["temporal"].startswith("temporalio/server:")
    assert images["temporal-schema"].startswith("temporalio/admin-tools:")
    assert images["temporal-ui"].startswith("temporalio/ui:")
    assert images["postgresql"].startswith("postgres:")
    assert not any("auto-setup" in image for image in images.values())
    for name in ("migrate", "worker", "web"):
        assert SERVICES[name]["build"] == ".", name
    assert (ROOT / "Dockerfile").is_file()


def test_dependencies_exist_and_wait_for_health_or_completion() -> None:
    for name in SERVICES:
        for target, condition in _depends(name).items():
            assert target in SERVICES, f"{name} depends on unknown {target}"
            expected = "service_completed_successfully" if target in ONE_SHOT else "service_healthy"
            assert condition == expected, (name, target, condition)
    assert _depends("temporal") == {
        "postgresql": "service_healthy",
        "temporal-schema": "service_completed_successfully",
    }
    for app in ("worker", "web"):
        assert {"migrate", "temporal", "temporal-namespace"} <= set(_depends(app))


def _acyclic(name: str, seen: tuple[str, ...] = ()) -> None:
    assert name not in seen, f"dependency cycle: {' -> '.join((*seen, name))}"
    for target in _depends(name):
        _acyclic(target, (*seen, name))


@pytest.mark.parametrize("name", sorted(SERVICES))
def test_no_dependency_cycles(name: str) -> None:
    _acyclic(name)


@pytest.mark.parametrize("name", sorted(set(SERVICES) - ONE_SHOT))
def test_long_running_services_have_health_checks_and_restart(name: str) -> None:
    spec = SERVICES[name]
    assert spec["restart"] in {"unless-stopped", "always"}
    assert spec["healthcheck"]["test"], name


@pytest.mark.parametrize("name", sorted(ONE_SHOT))
def test_one_shot_jobs_retry_on_failure_only(name: str) -> None:
    assert SERVICES[name]["restart"] == "on-failure"


def test_temporal_runs_on_postgresql_for_persistence_and_visibility() -> None:
    env = _env("temporal")
    assert env["DB"] == "postgres12"
    assert env["POSTGRES_SEEDS"] == "postgresql"
    assert env["DBNAME"] == "temporal" and env["VISIBILITY_DBNAME"] == "temporal_visibility"
    schema_job = "\n".join(SERVICES["temporal-schema"]["command"])
    for database in ("temporal", "temporal_visibility"):
        assert f"--db {database} setup-schema" in schema_job
        assert f"--db {database} update-schema" in schema_job
    assert "postgresql/v12/visibility/versioned" in schema_job


def test_ui_is_wired_to_the_codec_endpoint() -> None:
    env = _env("temporal-ui")
    assert env["TEMPORAL_ADDRESS"] == "temporal:7233"
    assert env["TEMPORAL_CODEC_ENDPOINT"].endswith("/codec")
    assert env["TEMPORAL_DEFAULT_NAMESPACE"] == "guichet"


def test_worker_scales() -> None:
    worker = SERVICES["worker"]
    # Replicas would collide on a fixed name or a published host port.
    assert "container_name" not in worker and "ports" not in worker
    assert worker["command"][:2] == ["python", "worker.py"]
    assert worker["stop_grace_period"]
    assert not any("container_name" in spec for spec in SERVICES.values())


def test_published_ports() -> None:
    published = {
        name: [str(port).split(":")[0] for port in spec.get("ports", [])]
        for name, spec in SERVICES.items()
        if spec.get("ports")
    }
    assert published == {"temporal": ["7233"], "temporal-ui": ["8080"], "web": ["8000"]}


def test_web_command() -> None:
    assert SERVICES["web"]["command"] == ["python", "-m", "web"]


@pytest.mark.parametrize("name", ["migrate", "worker", "web"])
def test_guichet_environment_is_understood_by_the_settings(
    name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    for key, value in _env(name).items():
        monkeypatch.setenv(key, value.replace("${GUICHET_DB_PASSWORD:-guichet}", "pw"))
    settings = Settings()
    assert not settings.embedded and settings.address == "temporal:7233"
    assert settings.temporal_namespace == "guichet"
    assert (
        settings.resolved_database_url == "postgresql+asyncpg://guichet:pw@postgresql:5432/guichet"
    )
    assert QueueLayout.from_settings(settings).is_default
    if name == "worker":
        assert settings.metrics_address == "0.0.0.0:9464"
    if name == "web":
        assert settings.web_metrics_address == "0.0.0.0:9465"
        assert "9465" in SERVICES["web"]["expose"]
        assert not any("9465" in port for port in SERVICES["web"]["ports"]), "metrics stay private"


def test_postgres_init_creates_guichets_database() -> None:
    volumes = SERVICES["postgresql"]["volumes"]
    init = next(v for v in volumes if "docker-entrypoint-initdb.d" in v)
    script_dir = ROOT / init.split(":")[0]
    scripts = list(script_dir.glob("*.sh"))
    assert scripts, script_dir
    assert "CREATE DATABASE guichet" in scripts[0].read_text()
