"""The production stack on one machine: nginx on :8080 in front of two gunicorn nodes.

    python scripts/stack.py start    # make stack: runs until Ctrl-C (or `stop`)
    python scripts/stack.py stop     # make stack-stop

Both nodes use the same PostgreSQL database (DATABASE_URL, default the local `jzgh` database,
created if missing), the same Redis (REDIS_URL), the same secret key and media folder, as the
nodes of a real deployment do. nginx runs with the shipped deploy/nginx/jzgh-locations.conf
and keeps its configuration, pid, logs and temporary files in run/ (not in /etc or /var).
"""

import grp
import os
import pwd
import secrets
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
RUN = Path(os.environ.get("STACK_RUN_DIR", ROOT / "run"))
PYTHON = ROOT / ".venv" / "bin" / "python"
GUNICORN = ROOT / ".venv" / "bin" / "gunicorn"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"

NGINX_PORT = int(os.environ.get("STACK_PORT", "8080"))
NODES = {"a": 8001, "b": 8002}
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/jzgh"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/0"

NGINX_CONF = """\
# Written by scripts/stack.py; the portal's part is {locations}.
worker_processes 2;
{user}pid {run}/nginx.pid;
error_log {run}/logs/nginx-error.log warn;
daemon off;
events {{ worker_connections 512; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log {run}/logs/nginx-access.log;
    client_body_temp_path {run}/nginx-temp/body;
    proxy_temp_path {run}/nginx-temp/proxy;
    fastcgi_temp_path {run}/nginx-temp/fastcgi;
    uwsgi_temp_path {run}/nginx-temp/uwsgi;
    scgi_temp_path {run}/nginx-temp/scgi;
    sendfile on;
    server_tokens off;

    upstream jzgh_app {{
{servers}
        keepalive 16;
    }}
    server {{
        listen 127.0.0.1:{port};
        server_name 127.0.0.1 localhost;
        set $jzgh_root {root};
        set $jzgh_media {media};
        include {locations};
    }}
}}
"""


def say(message):
    print(f"[stack] {message}", flush=True)


def stack_env():
    env = dict(os.environ)
    env.setdefault("DATABASE_URL", DEFAULT_DATABASE_URL)
    env.setdefault("REDIS_URL", DEFAULT_REDIS_URL)
    env.setdefault("DJANGO_CACHE_PREFIX", "jzgh-stack")
    env.setdefault("DJANGO_DEBUG", "0")
    env.setdefault("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost")
    env.setdefault("DJANGO_MEDIA_ROOT", str(RUN / "media"))
    # Private files through nginx's internal /protected/ location, as in production.
    env.setdefault("DJANGO_PRIVATE_FILES_X_ACCEL", "1")
    # nginx on this machine: the client's address from its X-Forwarded-For.
    env.setdefault("DJANGO_TRUSTED_PROXIES", "127.0.0.1,::1")
    env.setdefault("DJANGO_FILE_UPLOAD_TEMP_DIR", str(RUN / "tmp"))
    env["TMPDIR"] = str(RUN / "tmp")
    env["DJANGO_SECRET_KEY"] = env.get("DJANGO_SECRET_KEY") or secret_key()
    return env


def secret_key():
    """One key for both nodes (sessions and CSRF tokens must be valid on either), kept in
    run/ so that restarting the stack keeps people signed in."""
    path = RUN / "secret-key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


def ensure_database(url):
    """Create the PostgreSQL database named in `url` if it does not exist yet."""
    parts = urlsplit(url)
    if not parts.scheme.startswith("postgres"):
        return
    import psycopg2
    from psycopg2 import sql

    name = parts.path.lstrip("/")
    connection = psycopg2.connect(
        host=parts.hostname or "127.0.0.1", port=parts.port or 5432, user=parts.username,
        password=parts.password, dbname="postgres",
    )
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if cursor.fetchone() is None:
            say(f"creating database {name}")
            cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    connection.close()


def database_label(url):
    parts = urlsplit(url)  # without the password
    return f"{parts.scheme}://{parts.hostname or ''}:{parts.port or ''}{parts.path}"


def manage(env, *args):
    subprocess.run([str(PYTHON), "manage.py", *args], cwd=ROOT, env=env, check=True)


def write_nginx_conf():
    # Started as root, nginx's workers take the user and group that own the checkout, so that
    # they read its static files, error pages and media wherever it lies (a clone in a private
    # folder included), and they get their own temporary folders.
    running_as_root = os.geteuid() == 0
    owner = ROOT.stat()
    user, group = pwd.getpwuid(owner.st_uid).pw_name, grp.getgrgid(owner.st_gid).gr_name
    temp = RUN / "nginx-temp"
    for name in ("body", "proxy", "fastcgi", "uwsgi", "scgi"):
        (temp / name).mkdir(parents=True, exist_ok=True)
        if running_as_root:
            shutil.chown(temp / name, user, group)
    servers = "\n".join(
        f"        server 127.0.0.1:{port} max_fails=1 fail_timeout=10s;" for port in NODES.values()
    )
    conf = NGINX_CONF.format(
        user=f"user {user} {group};\n" if running_as_root else "",
        run=RUN, port=NGINX_PORT, servers=servers, root=ROOT, media=RUN / "media",
        locations=ROOT / "deploy" / "nginx" / "jzgh-locations.conf",
    )
    path = RUN / "nginx.conf"
    path.write_text(conf)
    return path


def wait_until_up(url, process, seconds=30):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"[stack] {url} did not start (exit code {process.returncode})")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status < 500:
                    return
        except urllib.error.HTTPError as error:
            if error.code < 500:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise SystemExit(f"[stack] {url} did not answer within {seconds} s")


def running_pid():
    try:
        pid = int((RUN / "stack.pid").read_text())
        os.kill(pid, 0)
    except (OSError, ValueError):
        return None
    return pid


def start():
    if running_pid():
        raise SystemExit("[stack] already running; stop it with `make stack-stop`")
    for folder in ("logs", "tmp", "media"):
        (RUN / folder).mkdir(parents=True, exist_ok=True)
    if not shutil.which(NGINX) and not Path(NGINX).exists():
        raise SystemExit("[stack] needs nginx: apt-get install -y nginx")
    env = stack_env()
    ensure_database(env["DATABASE_URL"])
    manage(env, "migrate", "--noinput", "--verbosity", "0")
    manage(env, "collectstatic", "--noinput", "--verbosity", "0")

    (RUN / "stack.pid").write_text(str(os.getpid()))
    children = {}

    def stop_children(*_, code=0):
        for name, process in reversed(list(children.items())):
            if process.poll() is None:
                process.send_signal(signal.SIGQUIT if name == "nginx" else signal.SIGTERM)
        for process in children.values():
            try:
                process.wait(timeout=25)
            except subprocess.TimeoutExpired:
                process.kill()
        (RUN / "stack.pid").unlink(missing_ok=True)
        say("stopped")
        raise SystemExit(code)

    signal.signal(signal.SIGTERM, stop_children)
    signal.signal(signal.SIGINT, stop_children)
    try:
        for name, port in NODES.items():
            node_env = {
                **env,
                "GUNICORN_BIND": f"127.0.0.1:{port}",
                "GUNICORN_WORKERS": env.get("STACK_WORKERS", "3"),
                "GUNICORN_PIDFILE": str(RUN / f"node-{name}.pid"),
                "GUNICORN_CONTROL_SOCKET": str(RUN / f"node-{name}.ctl"),
            }
            log = open(RUN / "logs" / f"node-{name}.log", "ab")  # noqa: SIM115 (the child keeps it)
            children[f"node-{name}"] = subprocess.Popen(
                [str(GUNICORN), "--config", "jingzhou_union/gunicorn.conf.py"],
                cwd=ROOT, env=node_env, stdout=log, stderr=subprocess.STDOUT,
            )
        conf = write_nginx_conf()
        nginx_log = open(RUN / "logs" / "nginx.log", "ab")  # noqa: SIM115
        children["nginx"] = subprocess.Popen(
            [NGINX, "-p", str(RUN), "-c", str(conf), "-e", str(RUN / "logs" / "nginx-error.log")],
            cwd=RUN, stdout=nginx_log, stderr=subprocess.STDOUT,
        )
        for name, port in NODES.items():
            wait_until_up(f"http://127.0.0.1:{port}/", children[f"node-{name}"])
        wait_until_up(f"http://127.0.0.1:{NGINX_PORT}/", children["nginx"])
    except BaseException as error:
        say(f"start failed ({error}); see {RUN / 'logs'}")
        stop_children(code=1)

    print(
        "\n荆州市总工会门户 (make stack)\n"
        f"  nginx   http://127.0.0.1:{NGINX_PORT}/\n"
        f"  node A  http://127.0.0.1:{NODES['a']}/\n"
        f"  node B  http://127.0.0.1:{NODES['b']}/\n"
        f"  database {database_label(env['DATABASE_URL'])}, redis {env['REDIS_URL']}\n"
        f"  media {env['DJANGO_MEDIA_ROOT']}, logs {RUN / 'logs'}\n"
        "Ctrl-C or `make stack-stop` stops everything.\n",
        flush=True,
    )
    while True:
        for name, process in list(children.items()):
            if process.poll() is not None:
                say(f"{name} exited with code {process.returncode}; the others keep running")
                del children[name]
        if not children:
            stop_children()
        time.sleep(0.5)


def stop():
    pid = running_pid()
    if pid is None:
        say("not running")
        return
    os.kill(pid, signal.SIGTERM)
    for _ in range(300):
        if running_pid() is None:
            say("stopped")
            return
        time.sleep(0.1)
    raise SystemExit("[stack] did not stop within 30 s")


if __name__ == "__main__":
    command = sys.argv[1] if len(sys.argv) > 1 else "start"
    if command not in {"start", "stop"}:
        raise SystemExit(__doc__)
    start() if command == "start" else stop()
