"""Engines that run the detection SQL: DuckDB (embedded, the default) and Apache Spark."""

from __future__ import annotations

import tempfile
from abc import ABC, abstractmethod
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from sanctionwatch.errors import ConfigError
from sanctionwatch.maritime.reference import ReferenceTable

if TYPE_CHECKING:
    import pyarrow as pa

Rows = list[dict[str, Any]]
#: What an engine reads: Arrow tables (positions) and the reference tables.
Tables = dict[str, "pa.Table | ReferenceTable"]


class Engine(ABC):
    """Runs named queries over named Arrow tables; returns each query's rows as dicts. ``stages``
    are tables the queries share, built first, in order, from the tables and earlier stages."""

    name: ClassVar[str]

    @abstractmethod
    def run(
        self, queries: dict[str, str], tables: Tables, stages: dict[str, str] | None = None
    ) -> dict[str, Rows]:
        """Each query's rows, the tables registered under their names."""


class DuckDBEngine(Engine):
    name = "duckdb"

    def __init__(self, threads: int | None = None, memory_limit: str | None = None) -> None:
        self.threads = threads
        self.memory_limit = memory_limit

    def run(
        self, queries: dict[str, str], tables: Tables, stages: dict[str, str] | None = None
    ) -> dict[str, Rows]:
        import duckdb

        con = duckdb.connect()
        con.execute("SET TimeZone = 'UTC'").fetchall()
        con.execute("SET enable_progress_bar = false").fetchall()  # stdout stays the command's
        if self.threads:
            con.execute(f"SET threads = {int(self.threads)}").fetchall()
        if self.memory_limit:
            con.execute(f"SET memory_limit = '{self.memory_limit}'").fetchall()
        try:
            return self.run_on(con, queries, tables, stages)
        finally:
            con.close()

    def run_on(
        self,
        con: Any,
        queries: dict[str, str],
        tables: Tables,
        stages: dict[str, str] | None = None,
    ) -> dict[str, Rows]:
        """The queries on an open connection, where ``positions`` may already be a table."""
        self.build(con, tables, stages or {})
        return self.query(con, queries, stages or {})

    def build(self, con: Any, tables: Tables, stages: dict[str, str]) -> None:
        """Register ``tables`` and materialise ``stages``, in order (again if built before)."""
        for table_name, table in tables.items():
            if isinstance(table, ReferenceTable):
                table.create(con, table_name)
            else:
                con.register(table_name, table)
        for stage_name, sql in stages.items():
            con.execute(f"CREATE OR REPLACE TEMP TABLE {stage_name} AS {sql}").fetchall()

    def query(self, con: Any, queries: dict[str, str], stages: dict[str, str]) -> dict[str, Rows]:
        """Each query's rows; the stages are dropped after."""
        results = {}
        for query_name, sql in queries.items():
            cursor = con.execute(sql)
            columns = [column[0] for column in cursor.description]
            results[query_name] = [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]
        for stage_name in stages:
            con.execute(f"DROP TABLE {stage_name}").fetchall()
        return results


class SparkEngine(Engine):
    """Spark SQL on the same queries; local mode by default, ``master`` for a cluster."""

    name = "spark"

    def __init__(self, master: str = "local[*]") -> None:
        self.master = master

    def session(self) -> Any:
        try:
            from pyspark.sql import SparkSession
        except ImportError as exc:
            raise ConfigError("the Spark engine needs PySpark: pip install 'sanctionwatch[spark]'") from exc
        return (
            SparkSession.builder.master(self.master)
            .appName("sanctionwatch")
            .config("spark.sql.session.timeZone", "UTC")
            .config("spark.ui.enabled", "false")
            .config("spark.sql.shuffle.partitions", "8")
            .getOrCreate()
        )

    def run(
        self, queries: dict[str, str], tables: Tables, stages: dict[str, str] | None = None
    ) -> dict[str, Rows]:
        import pyarrow.parquet as pq  # only Spark reads the tables from files: not for DuckDB's runs

        spark = self.session()
        with tempfile.TemporaryDirectory(prefix="sanctionwatch-spark-") as folder:
            for table_name, table in tables.items():
                path = Path(folder) / f"{table_name}.parquet"
                pq.write_table(table.arrow() if isinstance(table, ReferenceTable) else table, path)
                spark.read.parquet(str(path)).createOrReplaceTempView(table_name)
            for stage_name, sql in (stages or {}).items():
                spark.sql(sql).cache().createOrReplaceTempView(stage_name)
            return {
                name: [_plain(row.asDict()) for row in spark.sql(sql).collect()]
                for name, sql in queries.items()
            }


def _plain(row: dict[str, Any]) -> dict[str, Any]:
    """Spark SQL types decimal literals as DECIMAL; the detections work in floats, as DuckDB does."""
    return {key: float(value) if isinstance(value, Decimal) else value for key, value in row.items()}


ENGINES: dict[str, type[Engine]] = {"duckdb": DuckDBEngine, "spark": SparkEngine}


def get_engine(name: str, **options: Any) -> Engine:
    try:
        engine = ENGINES[name]
    except KeyError:
        raise ConfigError(f"unknown engine {name!r}; use one of {', '.join(ENGINES)}") from None
    return engine(**{k: v for k, v in options.items() if v is not None})
