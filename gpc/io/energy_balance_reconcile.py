"""What an energy balance import made (:class:`BalanceImport`) and its reconciliation against the table's own
totals (:func:`reconcile`).

Part of the energy balance import (:mod:`gpc.io.energy_balance`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from gpc.i18n.zh import label

__all__ = ["BalanceImport", "reconcile"]


@dataclass
class BalanceImport:
    """What :func:`balance_import` read and made.

    Attributes
    ----------
    activity : pandas.DataFrame
        v1 activity rows (:data:`ACTIVITY_COLUMNS`) and the cell each comes from (``balance_row``,
        ``balance_column``, ``balance_cell``, ``balance_value`` in the table's unit, ``balance_unit``,
        ``share``).
    cells : pandas.DataFrame
        Every non-empty numeric cell of the table with ``destination`` (``imported`` or
        ``reported: <reason>``).
    year : int or None
        The balance year (argument, sheet name or title).
    sheet : str
        The sheet read.
    warnings : list of str
        Things to review (unmapped rows, parts that do not add up, assumptions applied …).
    """

    activity: pd.DataFrame
    cells: pd.DataFrame
    year: int | None
    sheet: str
    warnings: list[str] = field(default_factory=list)

    @property
    def reported(self) -> pd.DataFrame:
        """The cells that were not imported, with the reason."""
        return self.cells[self.cells["destination"] != "imported"]

# -------------------------------------------------------------------------------------- reconcile


def reconcile(result: BalanceImport) -> pd.DataFrame:
    """Per energy carrier: what the table says should be imported, and what was.

    ``expected`` = the top-level final-consumption rows (终端消费量 by sector, sub-items excluded) plus
    the fuel inputs of 火力发电 and 供热; ``imported`` = the sum of ``balance_value`` over the activity
    rows of that column (notation-key rows for non-energy use included). ``table_final_total`` is the
    table's own 终端消费量 row where it has one.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``balance_column``: ``balance_unit, table_final_total, final_rows, transformation_inputs,
        expected, imported, difference``.
    """
    c = result.cells[result.cells["column_kind"] == "fuel"]
    by = "balance_column"
    final_rows = c[c["kind"] == "final"].groupby(by)["value"].sum()
    inputs = -c[(c["kind"] == "transformation_combustion") & (c["value"] < 0)].groupby(by)["value"].sum()
    total = c[c["row"] == "final"].groupby(by)["value"].sum()
    imported = result.activity.groupby(by)["balance_value"].sum()
    units = c.groupby(by)["balance_unit"].first()
    out = pd.DataFrame({"balance_unit": units}).join([
        total.rename("table_final_total"), final_rows.rename("final_rows"),
        inputs.rename("transformation_inputs"), imported.rename("imported")])
    out[["final_rows", "transformation_inputs", "imported"]] = (
        out[["final_rows", "transformation_inputs", "imported"]].fillna(0.0))
    out["expected"] = out["final_rows"] + out["transformation_inputs"]
    out["difference"] = out["imported"] - out["expected"]
    return out


def _total_warnings(rec: pd.DataFrame) -> list[str]:
    has = rec.dropna(subset=["table_final_total"])
    off = has[(has["table_final_total"] - has["final_rows"]).abs() > (0.01 + 1e-3 * has["table_final_total"].abs())]
    return [label("warn.balance_total_mismatch", "en", parts=f"{r.final_rows:g}", total=f"{r.table_final_total:g}",
                  column=col) for col, r in off.iterrows()]
