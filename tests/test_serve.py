"""`mkdocs serve` with a broken source keeps serving, prints the finding, and
recovers when the file is fixed (issue 14, class 7)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time
import urllib.request

from conftest import GOOD_META, MKDOCS


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class _Output:
    """The server's output, read in the background, waited on by condition."""

    def __init__(self, proc):
        self.lines: list[str] = []
        self._changed = threading.Condition()
        self._proc = proc
        self._thread = threading.Thread(target=self._read, args=(proc,), daemon=True)
        self._thread.start()

    def close(self) -> None:
        """After the process has ended: the rest of its output, then the pipe closed."""
        self._thread.join(timeout=20)
        self._proc.stdout.close()

    def _read(self, proc):
        for line in proc.stdout:
            with self._changed:
                self.lines.append(line.rstrip("\n"))
                self._changed.notify_all()

    def wait_for(self, predicate, what: str, timeout: float = 60, nudge=None) -> None:
        """Wait until ``predicate(lines)``; ``nudge`` is called every few
        seconds meanwhile (a file watcher can miss a change made as it starts)."""
        deadline = time.monotonic() + timeout
        with self._changed:
            while not predicate(self.lines):
                left = deadline - time.monotonic()
                assert left > 0, f"timed out waiting for {what}:\n" + "\n".join(self.lines[-30:])
                if not self._changed.wait(min(left, 3)) and nudge:
                    nudge()


def test_serve_keeps_serving_a_broken_course_and_recovers(tiny_site):
    good = (GOOD_META + "# Home\n")
    build = tiny_site({"index.md": good})  # writes the tiny project, with the real hooks
    assert build.returncode == 0, build.output
    project = build.site.parent / "project"
    course = project / "curricula/courses/broken.yml"
    course.parent.mkdir(parents=True, exist_ok=True)
    course.write_text("id: broken\ntitle: [not, text]\n")
    (project / "curricula/courses/zero.yml").symlink_to("/dev/zero")  # would read forever if followed
    port = _free_port()
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen([*MKDOCS, "serve", "--dev-addr", f"127.0.0.1:{port}"], cwd=project, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    output = _Output(proc)
    try:
        output.wait_for(lambda lines: any("Serving on" in line for line in lines), "the server to start")
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=10) as response:
            assert response.status == 200
        printed = "\n".join(output.lines)
        assert "curricula/courses/broken.yml:2: title: must be text" in printed
        assert "curricula/courses/zero.yml:1: file: is a symbolic link" in printed
        assert "Traceback" not in printed
        course.unlink()
        (project / "curricula/courses/zero.yml").unlink()
        (project / "docs/index.md").write_text(good + "\nFixed.\n")
        seen = len(output.lines)
        output.wait_for(lambda lines: any("Documentation built" in line for line in lines[seen:]), "a rebuild",
                        nudge=lambda: (project / "docs/index.md").touch())
        rebuilt = output.lines[seen:]
        assert not [line for line in rebuilt if line.startswith("WARNING")], rebuilt
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=10) as response:
            assert b"Fixed." in response.read()
    finally:
        proc.terminate()
        proc.wait(timeout=20)
        output.close()


def test_the_output_reader_times_out_with_the_last_lines():
    proc = subprocess.Popen([sys.executable, "-c", "print('only line')"], stdout=subprocess.PIPE, text=True)
    output = _Output(proc)
    proc.wait()
    output.close()
    try:
        output.wait_for(lambda lines: "never" in lines, "a line that never comes", timeout=0.5)
    except AssertionError as error:
        assert "only line" in str(error)
    else:
        raise AssertionError("wait_for did not time out")
