"""Cross-report fusion of a bulk output in Spark, with exactly the store's result.

``conflictwatch.fuse`` clusters the events of one country greedily (closest pairs first, a
complete-link check), so an incident depends on every compatible pair around it, not only on the
events of one date bucket. The job therefore runs in three steps, each with the fusion library:

1. **Blocking join.** Each event (with a country and a date) joins the date buckets of
   ``settings.yaml`` ``fusion.bucket_days`` days that its date range reaches, extended by
   ``window.days`` of data/fusion.yaml (and starting ``window.publication_day_slack`` days early,
   with each event's report publication day for the pair rules): two events within the window always
   share the bucket of the later one's start, so no pair is lost. Inside each block (country, background or not, bucket) the
   library's own ``candidate_pairs`` gives the compatible pairs.
2. **Connected groups.** The pairs link events into connected components (per country, with
   scipy's ``connected_components``). No pair crosses two components, so clustering each one apart is
   clustering them all at once.
3. **Fusion.** Each component, with its reports (source, publication date, text for wire copies),
   goes through ``conflictwatch.fuse.fuse``; an event with no pair is an incident of its own. Which
   event leads its report (pairs of lead events are taken first) is decided over all of the
   report's events, grouped by report, before the components split them.

Only the events the store would keep are fused: those of the first report of each text (the
others are aliases), and for an id given to several texts, those of the last (the store's update).
Analysts' corrections live in the store and are not applied here.
"""

from __future__ import annotations

from . import layout
from .executor import block_pairs, components, fuse_group, lead_rows
from .job import spark_schema


def stored_reports(reports):
    """The reports whose events a store would keep after loading them in input order: not a duplicate
    of an earlier text, and the last of the texts given one id."""
    from pyspark.sql import Window
    from pyspark.sql import functions as F

    order = [F.col(c).desc() for c in ("input_file", "input_block", "input_row")]
    latest = Window.partitionBy("id").orderBy(*order)
    return (reports.where(F.col("duplicate_of").isNull())
            .withColumn("_n", F.row_number().over(latest)).where("_n = 1").drop("_n"))


def fuse_output(spark, events, reports, *, bucket_days: int, config=None):
    """The incidents of ``events`` (rows of the events dataset) told by ``reports`` (rows of the
    reports dataset), as a DataFrame of the incidents dataset's rows."""
    from pyspark.sql import functions as F
    from pyspark.sql import types as T

    from ..fuse.config import default_config

    config = config or default_config()
    window = config.window.days
    kept = stored_reports(reports).select("id", "source", "published", "text", "content_hash")
    events = events.join(kept.select(F.col("content_hash").alias("report_hash")), "report_hash", "left_semi")

    slack = config.window.publication_day_slack
    start = F.least(F.coalesce("date_start", "date_end"), F.coalesce("date_end", "date_start"))
    end = F.greatest(F.coalesce("date_start", "date_end"), F.coalesce("date_end", "date_start"))
    blockable = events.where((F.col("iso").isNotNull()) & (F.col("iso") != "") & start.isNotNull())
    if slack:  # the pair rules read the publication day: an event told that day may start earlier
        blockable = blockable.join(kept.select(F.col("id").alias("document_id"), F.col("published").alias("_published")),
                                   "document_id", "left")
    days_start, days_end = F.unix_date(start) - F.lit(slack), F.unix_date(end)
    blocked = blockable.withColumn("_block", F.upper("iso")).withColumn(
        "_bucket", F.explode(F.sequence(F.floor(days_start / bucket_days),
                                        F.floor((days_end + F.lit(window)) / bucket_days))))

    def pairs(item):
        (_iso, _historical, _bucket), rows = item
        return block_pairs(rows, config)

    pair_rdd = (blocked.rdd.keyBy(lambda r: (r["_block"], r["historical"], r["_bucket"]))
                .groupByKey().flatMap(pairs))
    edge_schema = T.StructType([T.StructField("a", T.StringType()), T.StructField("b", T.StringType())])
    edges = spark.createDataFrame(pair_rdd, edge_schema).distinct()
    # events pair only within one country and background flag: components per country
    keyed = edges.join(events.select(F.col("id").alias("a"), F.upper("iso").alias("_block"), "historical"), "a")
    comp_rdd = (keyed.rdd.keyBy(lambda r: (r["_block"], r["historical"])).mapValues(lambda r: (r["a"], r["b"]))
                .groupByKey().flatMap(lambda item: components(item[1])))
    comp_schema = T.StructType([T.StructField("id", T.StringType()), T.StructField("_group", T.StringType())])
    groups = spark.createDataFrame(comp_rdd, comp_schema)

    lead_schema = T.StructType([T.StructField("id", T.StringType()), T.StructField("_lead", T.BooleanType())])
    leads = spark.createDataFrame(events.rdd.keyBy(lambda r: r["document_id"]).groupByKey()
                                  .flatMap(lambda item: lead_rows(item[1])), lead_schema)
    grouped = (events.join(groups, "id", "left").withColumn("_group", F.coalesce("_group", "id"))
               .join(leads, "id", "left"))
    docs = (grouped.select("_group", F.col("document_id").alias("id")).distinct()
            .join(kept.drop("content_hash"), "id"))
    by_group = grouped.rdd.keyBy(lambda r: r["_group"])
    reports_by_group = docs.rdd.keyBy(lambda r: r["_group"])
    cols = layout.INCIDENT_COLUMNS

    def fused(item):
        _group, (evs, reps) = item
        for row in fuse_group(evs, reps, config):
            yield tuple(row.get(c.name) for c in cols)

    incident_rdd = by_group.cogroup(reports_by_group).flatMap(fused)
    return spark.createDataFrame(incident_rdd, spark_schema(cols))
