"""Run by test_sqlite.py in its own process: threads that read then write one SQLite file,
as the demo's web threads and task worker do. Prints the number of failed transactions."""

from __future__ import annotations

import threading

import django
from django.db import OperationalError, connection, transaction

THREADS = 6
TRANSACTIONS = 40


def writer(number: int, failures: list[str]) -> None:
    for step in range(TRANSACTIONS):
        try:
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute("SELECT COUNT(*) FROM decision")
                cursor.execute("INSERT INTO decision (who, step) VALUES (%s, %s)", [number, step])
        except OperationalError as error:
            failures.append(str(error))
    connection.close()


def main() -> None:
    django.setup()
    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE IF NOT EXISTS decision (who INTEGER, step INTEGER)")
    failures: list[str] = []
    threads = [threading.Thread(target=writer, args=(n, failures)) for n in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM decision")
        rows = cursor.fetchone()[0]
        cursor.execute("PRAGMA journal_mode")
        mode = cursor.fetchone()[0]
    print(len(failures), rows, mode, failures[:1])


if __name__ == "__main__":
    main()
