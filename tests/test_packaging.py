"""The built wheel, installed into a fresh virtualenv and run from another directory."""

from __future__ import annotations

import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest
from dbtools import tables

from omnidb.config import Config

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--outdir", str(out), str(ROOT)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    return next(out.glob("omnidb-*.whl"))


def test_wheel_ships_the_sql_files_and_py_typed(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    expected = {
        "omnidb/py.typed",
        "omnidb/sql/db_init.sql",
        "omnidb/sql/sample_data.sql",
        "omnidb/queries/core/schema_migrations.sql",
        "omnidb/sql/adopt/upstream_v1.sql",
    }
    for path in sorted((ROOT / "sql" / "versions").glob("V*/*.sql")):
        expected.add(f"omnidb/sql/versions/{path.parent.name}/{path.name}")
    for path in sorted((ROOT / "queries").glob("*/*.sql")):
        expected.add(f"omnidb/queries/{path.parent.name}/{path.name}")
    assert expected <= names


@pytest.mark.slow
def test_installed_wheel_migrates_from_any_directory(wheel: Path, tmp_path: Path, empty_config: Config) -> None:
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    python = env_dir / "bin" / "python"
    subprocess.run([str(python), "-m", "pip", "install", "--quiet", str(wheel)], check=True, timeout=600)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    dsn = f"mysql://{empty_config.user}@{empty_config.host}:{empty_config.port}/{empty_config.database}"

    result = subprocess.run(
        [str(env_dir / "bin" / "omnidb"), "--dsn", dsn, "migrate"],
        cwd=elsewhere,
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode == 0, result.stderr
    assert "apps" in tables(empty_config) and "features" in tables(empty_config)
    use = (
        "import omnidb; from omnidb.v1 import orgs, apps; db = omnidb.connect(); "
        "o = orgs.create_org(db, name='wheel-org'); print(apps.create_app(db, org_id=o.id, name='w').status.value)"
    )
    used = subprocess.run(
        [str(python), "-c", use], cwd=elsewhere, capture_output=True, text=True, env={"OMNIDB_DSN": dsn}, timeout=120
    )
    assert used.returncode == 0, used.stderr
    assert used.stdout.strip() == "stopped"
    located = subprocess.run(
        [str(python), "-c", "from omnidb.sqlfiles import data_dir; print(data_dir('sql'))"],
        cwd=elsewhere,
        capture_output=True,
        text=True,
        check=True,
    )
    assert located.stdout.strip().startswith(str(env_dir))


def test_setup_cfg_lists_every_python_package() -> None:
    """setup.cfg names packages one by one: a new subpackage left out would be missing from the wheel."""
    import configparser

    root = Path(__file__).resolve().parent.parent
    parser = configparser.ConfigParser()
    parser.read(root / "setup.cfg")
    listed = set(parser["options"]["packages"].split())
    found = {".".join(p.parent.relative_to(root).parts) for p in (root / "omnidb").rglob("__init__.py")}
    assert found - listed == set()


def test_the_sync_api_imports_no_async_driver() -> None:
    """``import omnidb`` (and a sync resource module) loads neither async driver nor asyncio, even where
    both are installed: asyncmy's error classes are counted only once omnidb.aio first uses it."""
    import subprocess
    import sys

    probe = "import sys, omnidb, omnidb.v1.apps; print(sorted({'aiomysql', 'asyncmy', 'asyncio'} & set(sys.modules)))"
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"
