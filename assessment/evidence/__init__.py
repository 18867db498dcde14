"""Evidence from the ticket system: KPIs, process mining and the indicators' verdict rules over a ticket log.

Holds: `kpis` (the KPI contract over a TicketLog), `sample` (a seeded generator of ServiceNow-shaped exports for
the examples, the demo and the benchmark), `mining` with `mining_events`, `mining_maps` and `mining_models`
(directly-follows maps as SVG, variants, token-replay fitness against a reference model, bottlenecks, the
standardization index from data), `indicators` (confirmed or contradicted: an item's achievement against its KPI's
threshold).
May import: `inputs` (the TicketLog and its fields), `questionnaire`, the foundation, `scoring`, pandas, pm4py
(lazily: it is slow to import).
Never imports `workspace`, `storage` or anything above them, nor Streamlit: pure computation over pandas.
"""
