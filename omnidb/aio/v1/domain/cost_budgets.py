"""Cost budgets against spending: the threshold check of one budget, the active budgets over their
threshold, and an alert for each of those.

A budget's period is ``period_start`` .. ``period_end`` (days, both included) when it has them; else the
calendar month, quarter or year (``budget_period``) holding ``as_of`` (default: today, UTC). What was spent
adds up the cost metrics of the budget's org (and app, when it has one) in the budget's currency whose
``start_time`` falls in the period.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone
from decimal import Decimal

from omnidb.aio import registry
from omnidb.aio.session import AsyncConnection
from omnidb.aio.transaction import AsyncExecutor, run_read, writing
from omnidb.aio.v1.declarations import ALERTS, COST_BUDGETS
from omnidb.aio.v1.domain._joined import bound, create, transaction_of
from omnidb.convert import check_id, structure
from omnidb.errors import Conflict
from omnidb.v1.tables import Alert, AlertSeverity, CostBudget, CostBudgetPeriod
from omnidb.v1.views import BudgetCheck

__all__ = ["check_cost_budget", "cost_budgets_over_threshold", "raise_cost_budget_alerts"]

#: ``alert_type`` of the alerts ``raise_cost_budget_alerts`` raises.
BUDGET_ALERT = "budget_threshold"
_MONTHS = {CostBudgetPeriod.MONTHLY: 1, CostBudgetPeriod.QUARTERLY: 3, CostBudgetPeriod.YEARLY: 12}


def budget_period(budget: CostBudget, as_of: date) -> tuple[date, date]:
    """The first and last day of ``budget``'s period holding ``as_of``; ``Conflict`` for a custom budget
    without both dates.
    """
    if budget.period_start is not None and budget.period_end is not None:
        return budget.period_start, budget.period_end
    months = _MONTHS.get(budget.budget_period)
    if months is None:
        raise Conflict(f"cost budget {budget.id} is custom without period_start and period_end: cannot check it")
    first_month = (as_of.month - 1) // months * months + 1
    start = date(as_of.year, first_month, 1)
    end_month = first_month + months
    year = as_of.year + (end_month - 1) // 12
    if year > date.max.year:  # the period of December 9999 ends on the last day a date can hold
        return start, date.max
    return start, date(year, (end_month - 1) % 12 + 1, 1) - timedelta(days=1)


async def _check(conn: AsyncConnection, budget: CostBudget, as_of: date) -> BudgetCheck:
    start, end = budget_period(budget, as_of)
    since = datetime.combine(start, time(), timezone.utc)
    # The first moment after the period; a period ending 9999-12-31 (a common "no end") runs to the
    # last microsecond a DATETIME can hold instead (that one left out), as there is no day after it.
    until = (
        datetime.combine(end + timedelta(days=1), time(), timezone.utc)
        if end < date.max
        else datetime.combine(end, time.max, timezone.utc)
    )
    spent = Decimal(
        await registry.version(1).sum_cost_for_budget(
            conn,
            org_id=budget.org_id,
            app_id=budget.app_id,
            currency=budget.currency,
            since=bound("since", datetime, since),
            until=bound("until", datetime, until),
        )
    )
    amount = budget.budget_amount
    percent = (spent * 100 / amount).quantize(Decimal("0.01")) if amount > 0 else Decimal("100.00")
    return BudgetCheck(
        budget=budget,
        period_start=start,
        period_end=end,
        spent=spent,
        percent_used=percent,
        over_threshold=percent >= budget.alert_threshold_percentage,
        over_budget=spent >= amount,
    )


def _as_of(as_of: date | None) -> date:
    if as_of is None:
        return datetime.now(timezone.utc).date()
    checked: date = bound("as_of", date, as_of)
    return checked


async def check_cost_budget(db: AsyncExecutor, cost_budget_id: int, *, as_of: date | None = None) -> BudgetCheck:
    """Return budget ``cost_budget_id`` against what was spent in its period holding ``as_of``: the sum,
    the percentage used, and whether it reached the alert threshold or the amount.

    Raises ``NotFound`` (no such budget, or deleted), ``Conflict`` for a custom budget without both
    period dates, ``InvalidInput`` for a bad id or date.
    """
    cost_budget_id = check_id("cost_budget_id", cost_budget_id)
    day = _as_of(as_of)

    async def read(conn: AsyncConnection) -> BudgetCheck:
        return await _check(conn, await COST_BUDGETS.fetch(conn, cost_budget_id), day)

    return await run_read(db, read)


async def _over(conn: AsyncConnection, org_id: int | None, day: date) -> list[BudgetCheck]:
    query = registry.version(1).list_active_cost_budgets
    budgets = [structure(row, CostBudget) async for row in query(conn, org_id=org_id)]
    checks = []
    for budget in budgets:
        if budget.period_start is None and budget.budget_period is CostBudgetPeriod.CUSTOM:
            continue  # nothing to check it against
        check = await _check(conn, budget, day)
        if check.over_threshold:
            checks.append(check)
    return checks


async def cost_budgets_over_threshold(
    db: AsyncExecutor, *, org_id: int | None = None, as_of: date | None = None
) -> list[BudgetCheck]:
    """Return the check of every active budget (of org ``org_id``, when given) that has reached its alert
    threshold in its period holding ``as_of``, by budget id. Custom budgets without dates are skipped.
    """
    org = None if org_id is None else check_id("org_id", org_id)
    day = _as_of(as_of)

    async def read(conn: AsyncConnection) -> list[BudgetCheck]:
        return await _over(conn, org, day)

    return await run_read(db, read)


async def raise_cost_budget_alerts(
    db: AsyncExecutor, *, org_id: int | None = None, as_of: date | None = None
) -> list[Alert]:
    """Raise a ``budget_threshold`` alert (service ``cost``; severity critical over the amount, else
    warning; metadata naming the budget and the figures) for each budget ``cost_budgets_over_threshold``
    finds that has no open one yet; return the alerts raised, in one transaction.
    """
    org = None if org_id is None else check_id("org_id", org_id)
    day = _as_of(as_of)
    raised = []
    async with transaction_of(db) as tx, writing(tx) as conn:
        for check in await _over(conn, org, day):
            budget = check.budget
            if await registry.version(1).count_open_budget_alerts(conn, org_id=budget.org_id, budget_id=budget.id):
                continue
            severity = AlertSeverity.CRITICAL if check.over_budget else AlertSeverity.WARNING
            message = (
                f"budget {budget.budget_name!r} has used {check.percent_used}% of {budget.budget_amount} "
                f"{budget.currency} ({check.period_start} to {check.period_end})"
            )
            metadata = {
                "budget_id": budget.id,
                "spent": str(check.spent),
                "percent_used": str(check.percent_used),
                "period_start": check.period_start.isoformat(),
                "period_end": check.period_end.isoformat(),
            }
            values = {
                "org_id": budget.org_id,
                "app_id": budget.app_id,
                "alert_type": BUDGET_ALERT,
                "severity": severity,
                "service": "cost",
                "message": message,
                "metadata": metadata,
            }
            raised.append(await create(ALERTS, tx, values))
    return raised
