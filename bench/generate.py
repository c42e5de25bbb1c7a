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
    parser.add_argument("--disputes", type=int, default=20_000)
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
    amounts = []
    with open(os.path.join(args.out, "invoices.csv"), "w", encoding="utf-8", newline="") as f:
        f.write("number,customer,issue_date,due_date,amount,currency\n")
        for n in range(1, args.invoices + 1):
            issue = datetime.date.fromordinal(end - span + n * span // args.invoices - rnd.randint(0, 20))
            due = issue + datetime.timedelta(days=rnd.choice((30, 30, 45, 60)))
            cents = int(rnd.lognormvariate(11, 1.1)) + 100
            f.write(f"INV-{n:08d},C-{customers[n - 1]:06d},{issue.isoformat()},{due.isoformat()},"
                    f"{cents // 100}.{cents % 100:02d},EUR\n")
            amounts.append(cents)
    # Payments for the oldest invoices (the recent ones are still open, as in a real ledger):
    # most name their invoice in the remittance, some give only the customer (exact amount),
    # a few pay short.
    with open(os.path.join(args.out, "payments.csv"), "w", encoding="utf-8", newline="") as f:
        f.write("reference,customer,received_on,amount,currency,invoice,remittance\n")
        for k in range(1, args.payments + 1):
            n = k * (args.invoices // max(args.payments, 1)) if args.payments <= args.invoices else k
            n = min(max(n, 1), args.invoices)
            cents = amounts[n - 1]
            style = rnd.random()
            if style < 0.03:
                cents -= max(1, cents // 25)  # a 4 % deduction
            amount = f"{cents // 100}.{cents % 100:02d}"
            if style < 0.75:
                f.write(f"BNK-{k:09d},,2026-11-20,{amount},EUR,,Facture INV-{n:08d}\n")
            elif style < 0.9:
                f.write(f"BNK-{k:09d},,2026-11-20,{amount},EUR,INV-{n:08d},\n")
            else:
                f.write(f"BNK-{k:09d},C-{customers[n - 1]:06d},2026-11-20,{amount},EUR,,VIR SEPA\n")
    # Disputes on recent invoices, logged as a helpdesk export.
    categories = ["damaged-goods", "wrong-item", "pricing-error", "defective-product", "quantity-shortage", "late-delivery"]
    with open(os.path.join(args.out, "disputes.csv"), "w", encoding="utf-8", newline="") as f:
        f.write("invoice,category,reported_on,amount,channel,note,subject\n")
        for k in range(args.disputes):
            # Invoices the payments leave open (payments take every third one).
            n = min(args.invoices, max(1, args.invoices - 3 * k - 2))
            while n % 3 == 0:
                n -= 1
            f.write(f"INV-{n:08d},{categories[k % len(categories)]},2026-11-{1 + k % 27:02d},,email,,sku=SKU-{k % 50}\n")


if __name__ == "__main__":
    main()
