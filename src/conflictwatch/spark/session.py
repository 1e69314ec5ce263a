"""The Spark session of a job, and files through Hadoop's FileSystem API (any Hadoop-compatible URI:
a local path, file://, hdfs://, s3a://, abfs://, gs://, ... whatever the cluster has connectors for).
"""

from __future__ import annotations

import os
import sys

from .layout import JobError
from .settings import settings


def is_local(master: str | None) -> bool:
    return bool(master) and master.split("[", 1)[0] == "local"


def under_spark_submit() -> bool:
    """Whether this Python was started by spark-submit (which already runs the JVM and sets the master)."""
    return "PYSPARK_GATEWAY_PORT" in os.environ


def session(master: str | None = None, app_name: str = "conflictwatch"):
    """The active SparkSession, else a new one: ``master`` (else spark-submit's, else settings.yaml's),
    with settings.yaml's ``conf`` wherever spark-submit / spark-defaults did not set them, and on a local
    master the loopback address and this Python for the workers."""
    from pyspark.sql import SparkSession

    active = SparkSession.getActiveSession()
    if active is not None:
        return active
    cfg = settings()
    submitted = under_spark_submit()
    chosen = master or (None if submitted else cfg.master)
    conf = dict(cfg.conf)
    if is_local(chosen):
        for key, value in cfg.local.env.items():
            os.environ.setdefault(key, value)
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
        os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)
        conf.update(cfg.local.conf)
    from pyspark import SparkConf, SparkContext

    SparkContext._ensure_initialized()  # the JVM: spark-submit's, or one started now
    given = SparkConf()  # spark-submit --conf and spark-defaults.conf (JVM system properties)
    builder = SparkSession.builder.appName(app_name)
    if chosen:
        builder = builder.master(chosen)
    for key, value in conf.items():
        if not (submitted and given.contains(key)):  # spark-submit's --conf wins
            builder = builder.config(key, value)
    try:
        return builder.getOrCreate()
    except Exception as exc:  # noqa: BLE001 - a JVM that cannot start becomes one line
        raise JobError(f"cannot start Spark ({chosen or 'spark-submit master'}): {first_line(exc)}") from None


def first_line(exc: BaseException) -> str:
    """The first meaningful line of an exception (Py4J and Spark errors carry whole Java traces)."""
    text = str(exc).strip()
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith(("An error occurred while calling", "at ")):
            return line[:400]
    return type(exc).__name__


class Files:
    """Files and folders through the Hadoop FileSystem of each URI (the job's driver side)."""

    def __init__(self, spark):
        self.jvm = spark._jvm
        self.conf = spark._jsc.hadoopConfiguration()

    def _fs(self, uri: str):
        path = self.jvm.org.apache.hadoop.fs.Path(uri)
        return path.getFileSystem(self.conf), path

    def qualified(self, uri: str) -> str:
        fs, path = self._fs(uri)
        return str(fs.makeQualified(path).toString())

    def matches(self, uri: str) -> bool:
        """Whether the path (or glob pattern) names at least one file or folder."""
        fs, path = self._fs(uri)
        found = fs.globStatus(path)
        return found is not None and len(found) > 0

    def exists(self, uri: str) -> bool:
        fs, path = self._fs(uri)
        return bool(fs.exists(path))

    def is_dir(self, uri: str) -> bool:
        fs, path = self._fs(uri)
        return bool(fs.exists(path) and fs.getFileStatus(path).isDirectory())

    def names(self, uri: str) -> list[str]:
        """The names in a folder (or of the files a glob pattern matches), recursively for folders."""
        fs, path = self._fs(uri)
        out = []
        for status in fs.globStatus(path) or []:
            if status.isDirectory():
                files = fs.listFiles(status.getPath(), True)
                while files.hasNext():
                    out.append(str(files.next().getPath().getName()))
            else:
                out.append(str(status.getPath().getName()))
        return out

    def delete(self, uri: str) -> None:
        fs, path = self._fs(uri)
        if fs.exists(path):
            fs.delete(path, True)

    def rename(self, source: str, target: str) -> None:
        fs, src = self._fs(source)
        _, dst = self._fs(target)
        if fs.exists(dst):
            raise JobError(f"{target}: exists already")
        if dst.getParent() is not None:
            fs.mkdirs(dst.getParent())
        if not fs.rename(src, dst):
            raise JobError(f"cannot rename {source} to {target}")

    def write_text(self, uri: str, text: str) -> None:
        fs, path = self._fs(uri)
        stream = fs.create(path, True)
        try:
            stream.write(bytearray(text.encode("utf-8")))
        finally:
            stream.close()
