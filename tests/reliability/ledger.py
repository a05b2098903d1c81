"""The ledger's invariants, checked in a test's store after the servers are done
with it: money is neither made nor lost, every transfer balances, every payment
a client saw confirmed is there exactly once. Python 3 standard library only."""
import json


def ledger_snapshot(work):
    """(all the money, the money outside the deposits account): payments move neither."""
    return (work.value("SELECT SUM(balance_minor) FROM accounts"),
            work.value("SELECT SUM(balance_minor) FROM accounts WHERE name IS DISTINCT FROM 'deposits'"))


def ledger_problems(work, before, confirmed):
    """(problems, number of payment transfers) of the ledger in `work`'s store:
    every transfer has entries summing to zero, balances equal their entries, no
    balance but the deposits' below zero, ledger_snapshot() still `before`, every
    reference in `confirmed` (reference -> what the client saw) a payment exactly
    once, and the payments exactly those of the recorded payment.send results."""
    problems = []
    # SQLite only: the file is the database, and a killed server a killed writer.
    # (On PostgreSQL the database server is never killed: its storage is its own.)
    if work.backend == "sqlite" and work.value("PRAGMA integrity_check") != "ok":
        problems.append("integrity_check failed")
    # Each query lists the rows that break one rule.
    rules = (
        ("transfers whose entries do not sum to zero",
         "SELECT t.reference, SUM(e.amount_minor) FROM transfers t JOIN entries e ON e.transfer_id = t.id "
         "GROUP BY t.id, t.reference HAVING SUM(e.amount_minor) <> 0"),
        ("transfers without entries",
         "SELECT t.reference FROM transfers t WHERE NOT EXISTS "
         "(SELECT 1 FROM entries e WHERE e.transfer_id = t.id)"),
        ("balances that differ from their entries",
         "SELECT a.id, a.balance_minor, COALESCE(SUM(e.amount_minor), 0) FROM accounts a "
         "LEFT JOIN entries e ON e.account_id = a.id GROUP BY a.id, a.balance_minor "
         "HAVING a.balance_minor <> COALESCE(SUM(e.amount_minor), 0)"),
        ("negative balances",
         "SELECT id, balance_minor FROM accounts WHERE balance_minor < 0 AND name IS DISTINCT FROM 'deposits'"),
    )
    for rule, sql in rules:
        rows = work.query(sql)
        if rows:
            problems.append("%s: %r" % (rule, rows[:5]))
    after = ledger_snapshot(work)
    if after != before:
        problems.append("total money changed: %r -> %r" % (before, after))
    refs = {}
    for (ref,) in work.query("SELECT reference FROM transfers WHERE kind = 'payment'"):
        refs[ref] = refs.get(ref, 0) + 1
    for ref, seen in confirmed.items():
        if refs.get(ref) != 1:
            problems.append("confirmed payment %s (%s) present %r times" % (ref, seen, refs.get(ref, 0)))
    recorded = []
    for (result_json,) in work.query("SELECT result_json FROM command_results"):
        result = json.loads(result_json)
        if result.get("outcome") == "ok" and "reference" in result.get("values", {}):
            recorded.append(result["values"]["reference"])
    if sorted(recorded) != sorted(refs):
        problems.append("payments and their command records differ: %d transfers, %d records"
                        % (len(refs), len(recorded)))
    return problems, len(refs)
