"""The Ray engine: the batch's tasks (``extract.batch.tasks``) on Ray actors.

Each actor loads the pipeline and the power-of-attorney NER model once, then runs document,
part, page and finishing tasks by name; a document's bytes go to Ray's object store once
(``ray.put``) and every task of that document reads them from there, so worker nodes need no
shared disk. The scheduler (``extract.batch.local``) is the same as the local engine's.

Without an address Ray starts a local instance with ``workers`` CPUs (no dashboard). With
``--ray-address`` (``auto``, ``HOST:6379`` or ``ray://HOST:10001``) it joins a running cluster,
whose nodes must have sec16 installed in the same version. Ray is imported only here.
"""

from __future__ import annotations

import threading
from concurrent.futures import Future
from typing import Any

from extract.batch.inputs import InputItem
from extract.batch.tasks import TASKS, TaskSettings, warm_up
from extract.errors import ConfigError

__all__ = ["RayExecutor"]


class _Worker:
    """One actor: a long-lived process with the model loaded."""

    def __init__(self, cfg: TaskSettings) -> None:
        warm_up(cfg)

    def call(self, name: str, *args: Any) -> Any:
        return TASKS[name](*args)


class RayExecutor:
    """``workers`` actors; each task goes to the actor with the fewest tasks in flight."""

    def __init__(self, workers: int, cfg: TaskSettings, *, address: str | None = None) -> None:
        try:
            import ray
        except ImportError:
            raise ConfigError("--engine ray needs Ray: pip install 'sec16[ray]'",
                              code="E401") from None
        self.ray: Any = ray
        self.workers = workers
        self.generation = 0
        self.owned = False
        if not ray.is_initialized():
            options: dict[str, Any] = {"include_dashboard": False, "log_to_driver": False,
                                       "configure_logging": False}
            if address:
                ray.init(address=address, **options)
            else:
                ray.init(num_cpus=workers, **options)
                self.owned = True
        actor: Any = ray.remote(num_cpus=1)(_Worker)
        self.actors: list[Any] = [actor.remote(cfg) for _ in range(workers)]
        self.load = [0] * workers
        self.lock = threading.Lock()

    def start(self) -> None:
        """Wait until every actor is up (each has loaded the model)."""
        self.ray.get([actor.call.remote("ping") for actor in self.actors])

    def source(self, item: InputItem, sha256: str, data: bytes) -> Any:
        return self.ray.put(data)

    def fetch(self, handle: Any) -> bytes:
        data: bytes = self.ray.get(handle)
        return data

    def release(self, handle: Any) -> None:
        """The object is freed when its last reference (the scheduler's) goes."""

    def submit(self, name: str, *args: Any) -> Future[Any]:
        with self.lock:
            index = min(range(len(self.actors)), key=lambda i: self.load[i])
            self.load[index] += 1
        future: Future[Any] = self.actors[index].call.remote(name, *args).future()

        def done(_future: Future[Any]) -> None:
            with self.lock:
                self.load[index] -= 1

        future.add_done_callback(done)
        return future

    def restart(self, generation: int) -> None:
        """Ray restarts nothing here: a lost actor fails its tasks, which fail the document."""

    def close(self) -> None:
        for actor in self.actors:
            self.ray.kill(actor)
        self.actors = []
        if self.owned:
            self.ray.shutdown()
