"""A trainee's side of the classroom hub, through its REST API: log in, take a token, start a server, run code.

Used by tests/test_hub.py and benchmarks/bench_hub.py. Every call has a
timeout: a hub that hangs fails the test, never CI.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import time
import uuid
from dataclasses import dataclass, field

import requests

from course import REPO_ROOT

TIMEOUT = 30  # seconds for one HTTP call
PROXY = REPO_ROOT / "web-assets" / "node_modules" / ".bin" / "configurable-http-proxy"


def missing_requirement() -> str | None:
    """Why the hub cannot run here (not root, no useradd, no proxy…), or None."""
    if os.geteuid() != 0:
        return "the classroom hub makes unix accounts: run the hub tests as root"
    for tool in ("useradd", "userdel", "prlimit", "runuser"):
        if not shutil.which(tool):
            return f"{tool} is missing (Debian: apt-get install passwd util-linux)"
    if not PROXY.exists():
        return f"configurable-http-proxy is not installed in {PROXY.parent}: run `make env` (needs npm)"
    return None


def free_ports(count: int = 3) -> int:
    """A port p with p … p+count-1 all free on 127.0.0.1."""
    for _ in range(50):
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            base = probe.getsockname()[1]
        if base + count >= 65535:
            continue
        sockets = []
        try:
            for port in range(base, base + count):
                s = socket.socket()
                sockets.append(s)
                s.bind(("127.0.0.1", port))
            return base
        except OSError:
            continue
        finally:
            for s in sockets:
                s.close()
    raise RuntimeError("no free ports on 127.0.0.1")


def login(url: str, name: str, password: str) -> requests.Session | None:
    """Log in through the hub's login form (with its XSRF cookie); the session, or None when refused."""
    session = requests.Session()
    session.get(f"{url}/hub/login", timeout=TIMEOUT)
    xsrf = session.cookies.get("_xsrf", "")
    answer = session.post(
        f"{url}/hub/login",
        data={"username": name, "password": password, "_xsrf": xsrf},
        allow_redirects=False,
        timeout=TIMEOUT,
    )
    return session if answer.status_code == 302 else None


@dataclass
class Trainee:
    """A logged-in user with an API token."""

    url: str
    name: str
    token: str
    session_id: str = field(default_factory=lambda: uuid.uuid4().hex)

    @classmethod
    def log_in(cls, url: str, name: str, password: str) -> Trainee:
        session = login(url, name, password)
        if session is None:
            raise PermissionError(f"{name} could not log in")
        xsrf = session.cookies.get("_xsrf", "")
        answer = session.post(
            f"{url}/hub/api/users/{name}/tokens",
            json={"note": "course test", "expires_in": 3600},
            headers={"X-XSRFToken": xsrf},
            timeout=TIMEOUT,
        )
        answer.raise_for_status()
        return cls(url, name, answer.json()["token"])

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"token {self.token}"}

    def get(self, path: str, **kwargs) -> requests.Response:
        return requests.get(f"{self.url}{path}", headers=self.headers, timeout=TIMEOUT, **kwargs)

    def start_server(self, deadline: float = 120) -> float:
        """Start the trainee's server and wait until it answers; the seconds it took."""
        began = time.monotonic()
        answer = requests.post(f"{self.url}/hub/api/users/{self.name}/server", headers=self.headers, timeout=TIMEOUT)
        if answer.status_code not in (201, 202, 400):  # 400: already running
            answer.raise_for_status()
        while time.monotonic() - began < deadline:
            server = self.get(f"/hub/api/users/{self.name}").json().get("servers", {}).get("", {})
            if server.get("ready") and self.get(f"/user/{self.name}/api/status").status_code == 200:
                return time.monotonic() - began
            time.sleep(0.5)
        raise TimeoutError(f"{self.name}'s server did not start within {deadline} s")

    def contents(self, path: str) -> requests.Response:
        return self.get(f"/user/{self.name}/api/contents/{path}")

    def save_notebook(self, path: str, notebook: dict) -> None:
        answer = requests.put(
            f"{self.url}/user/{self.name}/api/contents/{path}",
            headers=self.headers,
            json={"type": "notebook", "format": "json", "content": notebook},
            timeout=TIMEOUT,
        )
        answer.raise_for_status()

    def delete(self, path: str) -> None:
        answer = requests.delete(
            f"{self.url}/user/{self.name}/api/contents/{path}", headers=self.headers, timeout=TIMEOUT
        )
        answer.raise_for_status()

    def kernel(self) -> Kernel:
        answer = requests.post(
            f"{self.url}/user/{self.name}/api/kernels", headers=self.headers, json={"name": "python3"}, timeout=TIMEOUT
        )
        answer.raise_for_status()
        return Kernel(self, answer.json()["id"])


class Kernel:
    """A kernel of the trainee's server, driven over its websocket (Jupyter messaging protocol 5)."""

    def __init__(self, owner: Trainee, kernel_id: str):
        import websocket

        self.owner, self.id = owner, kernel_id
        ws_url = owner.url.replace("http://", "ws://") + f"/user/{owner.name}/api/kernels/{kernel_id}/channels"
        self.socket = websocket.create_connection(ws_url, header=[f"Authorization: token {owner.token}"], timeout=60)

    def execute(self, code: str, timeout: float = 60) -> tuple[list[dict], float]:
        """Run ``code``; its outputs as nbformat outputs, and the seconds until the reply."""
        msg_id = uuid.uuid4().hex
        header = {"msg_id": msg_id, "username": self.owner.name, "session": self.owner.session_id}
        header |= {"msg_type": "execute_request", "version": "5.3", "date": ""}
        content = {"code": code, "silent": False, "store_history": True, "user_expressions": {}}
        content |= {"allow_stdin": False, "stop_on_error": True}
        message = {"header": header, "parent_header": {}, "metadata": {}, "content": content, "channel": "shell"}
        began = time.monotonic()
        self.socket.send(json.dumps(message))
        outputs: list[dict] = []
        replied = idle = False
        while not (replied and idle):
            if time.monotonic() - began > timeout:
                raise TimeoutError(f"a cell ran longer than {timeout} s in {self.owner.name}'s kernel")
            reply = json.loads(self.socket.recv())
            if reply.get("parent_header", {}).get("msg_id") != msg_id:
                continue
            kind, body = reply["msg_type"], reply["content"]
            if kind == "execute_reply":
                replied = True
            elif kind == "status" and body.get("execution_state") == "idle":
                idle = True
            elif kind == "stream":
                outputs.append({"output_type": "stream", "name": body["name"], "text": body["text"]})
            elif kind in ("execute_result", "display_data"):
                output = {"output_type": kind, "data": body["data"], "metadata": body.get("metadata", {})}
                if kind == "execute_result":
                    output["execution_count"] = body.get("execution_count")
                outputs.append(output)
            elif kind == "error":
                outputs.append({"output_type": "error", **{k: body[k] for k in ("ename", "evalue", "traceback")}})
        return outputs, time.monotonic() - began

    def run_notebook(self, notebook: dict, timeout: float = 60) -> dict:
        """Run every code cell in order (as 'Run all' does) and put the outputs into the notebook."""
        for count, cell in enumerate((c for c in notebook["cells"] if c["cell_type"] == "code"), start=1):
            outputs, _ = self.execute("".join(cell["source"]), timeout=timeout)
            cell["outputs"], cell["execution_count"] = outputs, count
            for output in outputs:
                if output["output_type"] == "execute_result":
                    output["execution_count"] = count
        return notebook

    def close(self) -> None:
        self.socket.close()
        requests.delete(
            f"{self.owner.url}/user/{self.owner.name}/api/kernels/{self.id}",
            headers=self.owner.headers,
            timeout=TIMEOUT,
        )
