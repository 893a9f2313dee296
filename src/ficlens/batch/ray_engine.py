"""`ficlens batch --engine ray`: the local batch job, spread over a Ray cluster with Ray Data.

The driver lists the inputs and skips those already in OUT, exactly as the local engine does;
Ray Data maps `analyse_one` (the local engine's own function, so `ficlens.analyze` and nothing
else) over the rest on every node, in input order; the driver appends each result to
OUT/works.jsonl or OUT/errors.jsonl as it arrives. The files, and the Parquet tables made from
them, are the same as the local engine's.

Local paths must be readable at the same place on every node (one machine, or a shared
folder); each task checks that first and stops the run if its node cannot see the input, so a
missing mount is never recorded as thousands of unreadable stories. Inputs and OUT may also be
URIs of a filesystem pyarrow knows (s3://, gs://, abfs://, hdfs://): remote stories are read
by the workers, and a remote OUT is built in a local staging folder and uploaded when the run
ends (also when it is interrupted or fails), so a rerun resumes from the last upload.

Every node needs the same ficlens installed (`pip install 'ficlens[ray]'`): a worker with
another version stops the run rather than mix results.
"""

from __future__ import annotations

import functools
import logging
import math
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ficlens import __version__
from ficlens.batch.local import (
    ERRORS,
    WORKS,
    BatchReport,
    analyse_one,
    inputs,
    prepare,
    write_results,
)
from ficlens.errors import FiclensError, InputError

INSTALL = "pip install 'ficlens[ray]'"
#: Stories per Ray Data block at most; fewer (down to 1) so that each CPU gets about 16 blocks.
MAX_BLOCK = 64
TABLES = ("works", "quotes", "characters", "relationships")


@dataclass
class RayReport(BatchReport):
    nodes: set[str] = field(default_factory=set)  # the Ray nodes that ran at least one story
    tables: dict[str, int] | None = None


def is_uri(location: str) -> bool:
    """A location with a scheme other than file:// (s3://bucket/key, gs://..., hdfs://...)."""
    scheme, sep, _ = location.partition("://")
    return bool(sep) and scheme.isalnum() and len(scheme) > 1 and scheme.lower() != "file"


def _local(location: str) -> Path:
    return Path(location.removeprefix("file://"))


def run_batch_ray(
    source: str,
    out: str,
    address: str | None = None,
    workers: int | None = None,
    progress: Callable[[int, int, str], None] | None = None,
    parquet: bool = False,
) -> RayReport:
    """Analyse every story under `source` on the Ray cluster at `address` into `out`.

    `address` is what `ray.init` takes ("127.0.0.1:6379", "ray://head:10001", "auto"); None
    starts a Ray instance on this machine. `workers` caps how many stories run at once.
    """
    ray = _import_ray()
    remote_out = is_uri(out)
    with tempfile.TemporaryDirectory(prefix="ficlens-ray-") as staging:
        folder = Path(staging) if remote_out else _local(out)
        if remote_out:
            _download(out, folder)
        todo, root = _list_inputs(source)
        try:
            pending = prepare(folder, todo)
            report = RayReport(skipped=len(todo) - len(pending))
            if pending:
                started = _connect(ray, address)
                try:
                    results = _run(ray, pending, root, workers, report)
                    write_results(folder, results, len(pending), report, progress)
                finally:
                    if started:
                        ray.shutdown()
            if parquet:
                from ficlens.batch.tables import write_parquet

                report.tables = write_parquet(folder)
        finally:
            if remote_out:
                _upload(folder, out)
    return report


# -- on the workers ---------------------------------------------------------------------------
def analyse_row(row: dict, version: str, root: str, cwd: str) -> dict:
    """One story, on whichever node Ray chose: the local engine's analysis, or a remote file's."""
    import ficlens

    if ficlens.__version__ != version:
        raise FiclensError(f"a Ray worker has ficlens {ficlens.__version__}, the driver {version}: install the same on every node")
    path = row["input"]
    if is_uri(path):
        path, document, error = analyse_uri(path)
    else:
        if not os.path.exists(root):
            raise FiclensError(f"{root} is not visible on Ray node {_node_id()}: local inputs must be readable on every node")
        if os.getcwd() != cwd and os.path.isdir(cwd):
            os.chdir(cwd)  # relative inputs name the same files as on the driver
        path, document, error = analyse_one(path)
    return {"input": path, "document": document, "error": error or "", "ok": error is None, "node": _node_id()}


def analyse_uri(uri: str) -> tuple[str, str, str | None]:
    """`analyse_one` for a file behind a pyarrow filesystem URI: the same reader, from its bytes."""
    import json

    import ficlens
    from ficlens.ingest import MAX_BYTES, format_for, read_bytes

    try:
        from pyarrow import fs as pafs

        fmt = format_for(uri)
        try:
            filesystem, path = _filesystem(uri)
            info = filesystem.get_file_info(path)
            if info.type == pafs.FileType.NotFound:
                raise InputError(f"{uri}: no such file")
            if info.size is not None and info.size > MAX_BYTES:
                raise InputError(f"{uri}: too large ({info.size // 1_048_576} MB; the limit is {MAX_BYTES // 1_048_576} MB)")
            with filesystem.open_input_stream(path) as handle:
                data = handle.read()
        except (OSError, ValueError) as err:
            raise InputError(f"{uri}: cannot read ({_one_line(err)})") from None
        doc = ficlens.analyze(read_bytes(data, uri, fmt=fmt)).to_dict()
    except FiclensError as err:
        return uri, "", str(err)
    except Exception as err:  # noqa: BLE001 - recorded in errors.jsonl, the run goes on
        return uri, "", f"internal error: {type(err).__name__}: {err}"
    doc["input"] = uri
    return uri, json.dumps(doc, ensure_ascii=False), None


@functools.lru_cache(maxsize=16)
def _filesystem_for(root: str):  # type: ignore[no-untyped-def]
    from pyarrow import fs as pafs

    return pafs.FileSystem.from_uri(root)[0]


def _filesystem(uri: str):  # type: ignore[no-untyped-def]
    """(filesystem, path) for a URI, one filesystem per bucket or host and worker process."""
    from pyarrow import fs as pafs

    scheme, _, rest = uri.partition("://")
    filesystem, path = pafs.FileSystem.from_uri(uri)
    if scheme.lower() in ("s3", "gs", "gcs"):  # the bucket's filesystem is the same for every key in it
        filesystem = _filesystem_for(f"{scheme}://{rest.split('/', 1)[0]}")
    return filesystem, path


def _node_id() -> str:
    import ray

    return ray.get_runtime_context().get_node_id()


# -- on the driver ----------------------------------------------------------------------------
def _import_ray():  # type: ignore[no-untyped-def]
    try:
        import ray
        import ray.data
    except ImportError:
        raise FiclensError(f"--engine ray needs Ray: {INSTALL}") from None
    return ray


def _connect(ray, address: str | None) -> bool:  # type: ignore[no-untyped-def]
    """Join the cluster (or start a local Ray); True when this call started Ray and must stop it."""
    if ray.is_initialized():
        return False
    kwargs = {"logging_level": logging.ERROR, "log_to_driver": False}
    if address is None:
        kwargs["include_dashboard"] = False
    else:
        _probe(address)
    try:
        ray.init(address=address, **kwargs)
    except (ConnectionError, RuntimeError, ValueError, TimeoutError) as err:
        where = f"at {address}" if address else "on this machine"
        raise FiclensError(f"cannot reach a Ray cluster {where}: {str(err).splitlines()[0] if str(err) else type(err).__name__}") from None
    return True


def _probe(address: str) -> None:
    """Fail at once, in one line, when nothing listens where Ray would connect (it retries for minutes)."""
    import socket

    from ray._private import services

    if "://" in address or address in ("auto", "local"):
        return
    try:
        target = services.canonicalize_bootstrap_address(address) or address
    except Exception:  # noqa: BLE001 - Ray's own parsing says more in ray.init
        target = address
    host, _, port = target.rpartition(":")
    if not port.isdigit():
        return
    try:
        socket.create_connection((host.strip("[]"), int(port)), timeout=5).close()
    except OSError as err:
        via = f" (Ray turns it into {target}; for a cluster bound to 127.0.0.1 only, set RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER=0)" \
            if target != address else ""
        raise FiclensError(f"cannot reach a Ray cluster at {address}: {err.strerror or err}{via}") from None


def _run(ray, pending: list[str], root: str, workers: int | None, report: RayReport) -> Iterator[tuple[str, str, str | None]]:  # type: ignore[no-untyped-def]
    logging.getLogger("ray.data").setLevel(logging.CRITICAL)  # a failed run is reported in one line below
    context = ray.data.DataContext.get_current()
    context.execution_options.preserve_order = True  # works.jsonl in input order, as the local engine writes it
    context.enable_progress_bars = False
    cpus = max(1, int(ray.cluster_resources().get("CPU", 1)))
    per_block = max(1, min(MAX_BLOCK, math.ceil(len(pending) / (16 * cpus))))
    dataset = ray.data.from_items([{"input": p} for p in pending], override_num_blocks=math.ceil(len(pending) / per_block))
    dataset = dataset.map(
        analyse_row,
        fn_kwargs={"version": __version__, "root": root, "cwd": os.getcwd()},
        num_cpus=1,
        **({"concurrency": workers} if workers else {}),
    )
    try:
        for row in dataset.iter_rows():
            report.nodes.add(row["node"])
            yield row["input"], row["document"], None if row["ok"] else row["error"]
    except ray.exceptions.RayError as err:
        raise FiclensError(f"the Ray run failed: {_first_line(err)}") from None


def _first_line(err: BaseException) -> str:
    """The message of the error a Ray task raised, on one line (ficlens's own, when it was one)."""
    lines = [line.strip() for line in str(err).splitlines() if line.strip()]
    ours = [line.split("Error: ", 1)[1] for line in lines if "ficlens.errors." in line and "Error: " in line]
    return (ours or lines or [type(err).__name__])[-1]


def _list_inputs(source: str) -> tuple[list[str], str]:
    """The inputs as the local engine lists them, and the folder or manifest every node must see."""
    if not is_uri(source):
        path = _local(source)
        return [str(p) for p in inputs(path)], str(path.resolve())
    from ficlens.ingest import SUFFIXES

    pafs = _pyarrow_fs()
    scheme = source.split("://", 1)[0]
    try:
        filesystem, base = pafs.FileSystem.from_uri(source)
        info = filesystem.get_file_info(base)
        if info.type == pafs.FileType.Directory:
            found = filesystem.get_file_info(pafs.FileSelector(base, recursive=True))
            names = sorted(f.path for f in found if f.type == pafs.FileType.File and Path(f.path).suffix.lower() in SUFFIXES - {""})
            return [f"{scheme}://{name}" for name in names], source
        if info.type == pafs.FileType.File:  # a manifest: one URI (or a path relative to it) a line
            with filesystem.open_input_stream(base) as handle:
                lines = [line.strip() for line in handle.read().decode("utf-8").splitlines()]
            parent = f"{scheme}://{base.rsplit('/', 1)[0]}"
            return [line if is_uri(line) else f"{parent}/{line}" for line in lines if line and not line.startswith("#")], source
    except (OSError, ValueError) as err:
        raise InputError(f"{source}: cannot list ({_one_line(err)})") from None
    raise InputError(f"{source}: no such folder or manifest")


def _pyarrow_fs():  # type: ignore[no-untyped-def]
    try:
        from pyarrow import fs
    except ImportError:
        raise FiclensError(f"remote paths need pyarrow: {INSTALL}") from None
    return fs


def _download(out: str, folder: Path) -> None:
    """Copy OUT's works.jsonl and errors.jsonl (when there) into the staging folder."""
    pafs = _pyarrow_fs()
    try:
        filesystem, base = pafs.FileSystem.from_uri(out)
        for name in (WORKS, ERRORS):
            info = filesystem.get_file_info(f"{base.rstrip('/')}/{name}")
            if info.type == pafs.FileType.File:
                with filesystem.open_input_stream(info.path) as src, (folder / name).open("wb") as dst:
                    shutil.copyfileobj(src, dst, 1 << 20)
    except (OSError, ValueError) as err:
        raise FiclensError(f"{out}: cannot read ({_one_line(err)})") from None


def _upload(folder: Path, out: str) -> None:
    pafs = _pyarrow_fs()
    try:
        filesystem, base = pafs.FileSystem.from_uri(out)
        filesystem.create_dir(base, recursive=True)
        for name in [WORKS, ERRORS] + [f"{t}.parquet" for t in TABLES]:
            if (folder / name).exists():
                with (folder / name).open("rb") as src, filesystem.open_output_stream(f"{base.rstrip('/')}/{name}") as dst:
                    shutil.copyfileobj(src, dst, 1 << 20)
    except (OSError, ValueError) as err:
        raise FiclensError(f"{out}: cannot write ({_one_line(err)})") from None


def _one_line(err: BaseException) -> str:
    return " ".join(str(err).split()) or type(err).__name__
