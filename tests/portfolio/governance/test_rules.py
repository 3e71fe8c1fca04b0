"""Pure rules of gates: the business case kept with a gate, read per year."""

from decimal import Decimal as D

from portfolio.governance.rules import CaseYear, business_case_years


def test_costs_and_benefits_side_by_side_per_year():
    rows = business_case_years(
        {"2027": "100000.00", "2026": "50000.00"}, {"2027": "40000.00", "2028": "40000.00"}
    )
    assert rows == [
        CaseYear("2026", D("50000.00"), None),
        CaseYear("2027", D("100000.00"), D("40000.00")),
        CaseYear("2028", None, D("40000.00")),
    ]


def test_benefits_typed_in_on_an_older_gate_read_as_they_were_kept():
    rows = business_case_years({}, {"2027": "150000", "2028": "niet te lezen"})
    assert rows == [CaseYear("2027", None, D(150000)), CaseYear("2028", None, None)]
    assert business_case_years({}, {}) == []
