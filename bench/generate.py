#!/usr/bin/env python3
"""Writes a realistic customers.csv and invoices.csv for benchmarks (deterministic for a seed)."""
import argparse
import os
import random


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--customers", type=int, default=100_000)
    parser.add_argument("--invoices", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--payments", type=int, default=300_000)
    parser.add_argument("--disputes", type=int, default=30_000)
    parser.add_argument("--out", default=".")
    args = parser.parse_args()
    rnd = random.Random(args.seed)
    os.makedirs(args.out, exist_ok=True)
    with open(os.path.join(args.out, "customers.csv"), "w", encoding="utf-8", newline="") as f:
        f.write("code,name,email,phone,country,language,sales_rep,collector\n")
        for i in range(1, args.customers + 1):
            country = rnd.choice(["FR", "FR", "FR", "DE", "BE", "GB", "ES"])
            lang = "fr" if country in ("FR", "BE") else "en"
            f.write(f"C-{i:06d},Client {i} SARL,ap{i}@client{i}.example,+33 1 00 00 {i % 100:02d} {i % 97:02d},"
                    f"{country},{lang},rep{i % 40},col{i % 25}\n")
    # Big customers get more invoices, as in real ledgers (a Pareto-ish skew).
    weights = [1.0 / (1 + (i % 1000)) ** 0.5 for i in range(args.customers)]
    customers = rnd.choices(range(1, args.customers + 1), weights=weights, k=args.invoices)
    import datetime
    # Three years of invoices up to the benchmark's as-of day (2026-11-29), most of them recent.
    end = datetime.date(2026, 11, 25).toordinal()
    span = 3 * 365
    amounts, issues, dues = [], [], []
    with open(os.path.join(args.out, "invoices.csv"), "w", encoding="utf-8", newline="") as f:
        f.write("number,customer,issue_date,due_date,amount,currency\n")
        for n in range(1, args.invoices + 1):
            issue = datetime.date.fromordinal(end - span + n * span // args.invoices - rnd.randint(0, 20))
            due = issue + datetime.timedelta(days=rnd.choice((30, 30, 45, 60)))
            cents = int(rnd.lognormvariate(11, 1.1)) + 100
            f.write(f"INV-{n:08d},C-{customers[n - 1]:06d},{issue.isoformat()},{due.isoformat()},"
                    f"{cents // 100}.{cents % 100:02d},EUR\n")
            amounts.append(cents)
            issues.append(issue.toordinal())
            dues.append(due.toordinal())
    # Payments spread over the three years, booked 15 days before to 75 days after the due day
    # (never after the as-of day), in the order the bank booked them: every third invoice of the
    # older nine tenths is paid; most name their invoice in the remittance, some give only the
    # customer (exact amount), a few pay short.
    as_of = datetime.date(2026, 11, 29).toordinal()
    paid = set()
    rows = []
    step = max(1, (args.invoices * 9 // 10) // max(args.payments, 1))
    for k in range(1, args.payments + 1):
        n = min(max(k * step, 1), args.invoices)
        paid.add(n)
        cents = amounts[n - 1]
        style = rnd.random()
        if style < 0.03:
            cents -= max(1, cents // 25)  # a 4 % deduction
        issue, due = issues[n - 1], dues[n - 1]
        received = max(issue, min(as_of - 1, due + rnd.randint(-15, 75)))
        rows.append((received, k, n, cents, style))
    rows.sort()
    with open(os.path.join(args.out, "payments.csv"), "w", encoding="utf-8", newline="") as f:
        f.write("reference,customer,received_on,amount,currency,invoice,remittance\n")
        for received, k, n, cents, style in rows:
            amount = f"{cents // 100}.{cents % 100:02d}"
            day = datetime.date.fromordinal(received).isoformat()
            if style < 0.75:
                f.write(f"BNK-{k:09d},,{day},{amount},EUR,,Facture INV-{n:08d}\n")
            elif style < 0.9:
                f.write(f"BNK-{k:09d},,{day},{amount},EUR,INV-{n:08d},\n")
            else:
                f.write(f"BNK-{k:09d},C-{customers[n - 1]:06d},{day},{amount},EUR,,VIR SEPA\n")
    # Complaints of the last twelve months on invoices the payments leave open, as a helpdesk
    # exports them: reported a few days to two months after issue, most resolved since (a tenth of
    # those with a credit of a part of the invoice), in the order they were reported.
    categories = ["damaged-goods", "wrong-item", "pricing-error", "defective-product", "quantity-shortage",
                  "late-delivery"]
    outcomes = ["rejected", "replacement", "credit", "rejected", "replacement"]
    year_ago = as_of - 365
    recent = [n for n in range(1, args.invoices + 1) if issues[n - 1] >= year_ago and n not in paid]
    chosen = rnd.sample(recent, min(args.disputes, len(recent)))
    complaints = []
    for k, n in enumerate(chosen):
        reported = min(as_of, issues[n - 1] + rnd.randint(2, 60))
        resolved = ""
        outcome = ""
        resolved_amount = ""
        if rnd.random() < 0.6 and reported + 3 <= as_of:
            resolved = datetime.date.fromordinal(min(as_of, reported + rnd.randint(3, 40))).isoformat()
            outcome = outcomes[k % len(outcomes)] if k % 10 else "credit"
            if outcome == "credit":
                cents = max(100, amounts[n - 1] // 10)
                resolved_amount = f"{cents // 100}.{cents % 100:02d}"
        complaints.append((reported, k, n, resolved, outcome, resolved_amount))
    complaints.sort()
    with open(os.path.join(args.out, "disputes.csv"), "w", encoding="utf-8", newline="") as f:
        f.write("invoice,category,reported_on,amount,channel,note,subject,resolved_on,outcome,resolved_amount\n")
        for reported, k, n, resolved, outcome, resolved_amount in complaints:
            day = datetime.date.fromordinal(reported).isoformat()
            amount = ""
            if outcome == "credit":
                amount = resolved_amount
            f.write(f"INV-{n:08d},{categories[k % len(categories)]},{day},{amount},email,,sku=SKU-{k % 50},"
                    f"{resolved},{outcome},{resolved_amount}\n")


if __name__ == "__main__":
    main()
