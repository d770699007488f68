"""DSN parsing and the password's absence from everything printable."""

from __future__ import annotations

import pytest

from omnidb.config import Config, from_env, parse_dsn
from omnidb.errors import ConfigError


def test_full_dsn_is_parsed() -> None:
    config = parse_dsn("mysql://app:s%40cret@db.internal:3307/omni?pool_size=4&lock_timeout=5")
    assert config == Config(
        host="db.internal", port=3307, user="app", password="s@cret", database="omni", pool_size=4, lock_timeout=5.0
    )


def test_defaults_fill_what_the_dsn_leaves_out() -> None:
    config = parse_dsn("mysql://")
    assert (config.host, config.port, config.user, config.password, config.database) == (
        "127.0.0.1",
        3306,
        "root",
        "",
        None,
    )


def test_password_is_never_in_repr_or_safe_dsn() -> None:
    config = parse_dsn("mysql://app:hunter2@h/db")
    assert "hunter2" not in repr(config)
    assert config.safe_dsn() == "mysql://app:***@h:3306/db"


@pytest.mark.parametrize(
    ("dsn", "message"),
    [
        ("postgres://u:hunter2@h/db", "scheme must be mysql://, got postgres://"),
        ("not a dsn", "invalid DSN: it does not start with mysql:// (expected mysql://user:password@host:port/dbname)"),
        ("u:hunter2@h/db", "invalid DSN: it does not start with mysql://"),
        ("mysql://u:hunter2@h:notaport/db", "port must be a number"),
        ("mysql://u:hunter2@h/db?pool_size=lots", "pool_size must be a whole number, got 'lots'"),
        ("mysql://u:hunter2@h/db?colour=blue", "unknown DSN option 'colour'"),
        ("mysql://u:hunter2@h/db?pool_size=0", "pool_size must be positive"),
        ("mysql://u:hunter2@h/a/b", "database name may not contain '/'"),
        ("mysql://u:hunter2@h:0/db", "invalid DSN: port 0 is no server's port"),
        # a template whose ${CA} was unset: not a plaintext connection
        ("mysql://u:hunter2@h/db?ssl_ca=", "DSN option ssl_ca is empty: give it a value, or leave it out"),
        ("mysql://u:hunter2@h/db?unix_socket=&ssl=true", "DSN option unix_socket is empty"),
        ("mysql://u:hunter2@h/db?ssl_ca=/a.pem&ssl_ca=/b.pem", "DSN option ssl_ca is given twice"),
        ("mysql://u:hunter2@h/db#x?bogus=1", "invalid DSN: '#' starts nothing in a DSN; percent-encode it (%23)"),
        ("mysql://u:hunter2@h/db?read_timeout=1e10", "read_timeout must be at most 31,536,000 seconds (365 days)"),
        ("mysql://u:hunter2@h/db?ddl_lock_timeout=40000000", "ddl_lock_timeout must be at most 31,536,000 seconds"),
    ],
)
def test_bad_dsn_errors_name_the_problem_without_the_password(dsn: str, message: str) -> None:
    with pytest.raises(ConfigError) as raised:
        parse_dsn(dsn)
    assert message in str(raised.value)
    assert "hunter2" not in str(raised.value)


def test_an_empty_path_given_as_a_keyword_is_refused() -> None:
    with pytest.raises(ConfigError, match=r"ssl_ca is empty: give it a value, or leave it out"):
        parse_dsn("mysql://u@h/db", ssl_ca="")


def test_dsn_comes_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OMNIDB_DSN", "mysql://envuser@envhost/envdb")
    assert from_env().database == "envdb"
    monkeypatch.delenv("OMNIDB_DSN")
    with pytest.raises(ConfigError, match="pass a DSN or set OMNIDB_DSN"):
        from_env()


@pytest.mark.parametrize("char", ["?", "#", "/", "@"])
def test_an_unencoded_character_in_the_password_is_refused_without_any_part_of_it(char: str) -> None:
    password = f"123{char}q9Zr{char}Wm2v"  # digits first: once read as a port, the rest became an option
    with pytest.raises(ConfigError, match="percent-encode") as raised:
        parse_dsn(f"mysql://app:{password}@db.internal:3306/omni?pool_size=2")
    message = str(raised.value)
    pieces = {password[i : i + 3] for i in range(len(password) - 2)}
    assert not any(piece in message for piece in pieces), message
    encoded = password.replace(char, {"?": "%3F", "#": "%23", "/": "%2F", "@": "%40"}[char])
    assert parse_dsn(f"mysql://app:{encoded}@db.internal:3306/omni").password == password


def test_an_at_sign_in_a_file_path_option_is_the_path_s() -> None:
    for dsn in (
        "mysql://root@127.0.0.1:3306/omni?ssl_ca=/certs/ca@corp.pem",
        "mysql://127.0.0.1/omni?ssl_ca=/certs/ca@corp.pem",
    ):
        config = parse_dsn(dsn)
        assert (config.user, config.host, config.database, config.ssl_ca) == (
            "root",
            "127.0.0.1",
            "omni",
            "/certs/ca@corp.pem",
        )


@pytest.mark.parametrize(
    "password", ["P@ssw0rd#1", "P@ss?w0rd", "s3cr@t/xyz", "p@ss?connect_timeout=wo", "p@ss?ssl_ca=wo", "123/q9Zr"]
)
def test_a_password_mixing_at_signs_with_other_unencoded_characters_is_refused(password: str) -> None:
    """An '@' the address part ends at, and a '/', '?' or '#' too: where the old rule looked only up to
    the first of those, the host and database came from inside the password."""
    with pytest.raises(ConfigError, match="percent-encode") as raised:
        parse_dsn(f"mysql://app:{password}@db.internal:3306/omni")
    pieces = {password[i : i + 4] for i in range(len(password) - 3)}  # ("ssw" is in "password")
    assert not any(piece in str(raised.value) for piece in pieces), str(raised.value)


def test_a_colon_in_the_password_and_a_percent_sign_encoded_are_the_password_s() -> None:
    assert parse_dsn("mysql://app:pa:ss@db/omni").password == "pa:ss"
    assert parse_dsn("mysql://app:100%25:x@db/omni").password == "100%:x"
    assert parse_dsn("mysql://a%3Ab:pw@db/omni").user == "a:b"


def test_a_missing_ca_file_is_a_config_error_naming_the_option() -> None:
    import omnidb

    with pytest.raises(ConfigError, match=r"DSN option ssl_ca: cannot read /nonexistent/ca\.pem: no such file"):
        omnidb.connect("mysql://root@127.0.0.1:1/db?ssl_ca=/nonexistent/ca.pem")


@pytest.mark.parametrize(
    ("option", "value", "message"),
    [
        ("pool_size", True, "pool_size must be a whole number, got True"),
        ("pool_size", 2.5, "pool_size must be a whole number, got 2.5"),
        ("pool_timeout", float("nan"), "pool_timeout must be a finite number, got nan"),
        ("read_timeout", float("inf"), "read_timeout must be a finite number, got inf"),
        ("connect_timeout", 40_000_000, "connect_timeout must be at most 31,536,000 seconds"),
        ("lock_timeout", 1e10, "lock_timeout must be at most 31,536,000 seconds"),
    ],
)
def test_sizes_and_times_given_as_keywords_are_checked_as_the_dsn_s(option: str, value: object, message: str) -> None:
    """A bool is an int and NaN compares false with every bound: both were taken."""
    with pytest.raises(ConfigError, match=message):
        parse_dsn("mysql://root@127.0.0.1/omni", **{option: value})
