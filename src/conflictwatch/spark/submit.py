"""The application file for ``spark-submit``: the conflictwatch command line, run by the driver.

    spark-submit --master yarn ... "$(python -c 'import conflictwatch.spark.submit as m; print(m.__file__)')" \
        --gazetteer gazetteer.sqlite spark ingest s3a://bucket/reports/ --output s3a://bucket/out/2026-11-25
"""

from conflictwatch.cli import app

if __name__ == "__main__":
    app()
