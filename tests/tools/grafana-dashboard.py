#!/usr/bin/env python3
"""Writes docker/grafana/dashboards/emporium.json (the provisioned Grafana dashboard).

Run from the repository root: python3 tests/tools/grafana-dashboard.py. Every query names metrics that
MonitoringConfigMatchesTheSystemTest checks against a running system.
"""
import json
R = '[$__rate_interval]'
panels = []
pid = [0]
y = [0]
def row(title):
    pid[0] += 1
    panels.append({"type": "row", "title": title, "id": pid[0], "collapsed": False,
                   "gridPos": {"h": 1, "w": 24, "x": 0, "y": y[0]}, "panels": []})
    y[0] += 1
    row.x = 0
def panel(title, targets, unit="short", w=8, kind="timeseries", desc=""):
    pid[0] += 1
    if row.x + w > 24:
        row.x = 0
        y[0] += 8
    p = {"type": kind, "title": title, "id": pid[0], "description": desc,
         "datasource": {"type": "prometheus", "uid": "${datasource}"},
         "gridPos": {"h": 8, "w": w, "x": row.x, "y": y[0]},
         "fieldConfig": {"defaults": {"unit": unit}, "overrides": []},
         "options": {"legend": {"displayMode": "list", "placement": "bottom", "showLegend": True},
                     "tooltip": {"mode": "multi", "sort": "desc"}},
         "targets": [{"refId": chr(65 + i), "expr": e, "legendFormat": l,
                      "datasource": {"type": "prometheus", "uid": "${datasource}"}} for i, (e, l) in enumerate(targets)]}
    if kind == "stat":
        p["options"] = {"reduceOptions": {"calcs": ["lastNotNull"], "fields": "", "values": False},
                        "colorMode": "value", "graphMode": "area", "textMode": "auto"}
    panels.append(p)
    row.x += w
    if row.x >= 24:
        row.x = 0
        y[0] += 8
def end_row():
    if row.x:
        row.x = 0
        y[0] += 8
row.x = 0

F = '{instance=~"$instance"}'
FI = 'instance=~"$instance"'

row("Traffic")
panel("Requests per second by route", [(f'sum by (route) (rate(emporium_http_requests_total{F}{R}))', "{{route}}")], "reqps")
panel("Requests per second by status class", [(f'sum by (status_class) (rate(emporium_http_requests_total{F}{R}))', "{{status_class}}")], "reqps")
panel("Requests per second by gateway", [(f'sum by (instance) (rate(emporium_http_requests_total{F}{R}))', "{{instance}}")], "reqps")
panel("Open HTTP connections", [(f'sum by (instance) (vertx_http_server_active_connections{F})', "{{instance}}")], "short")
panel("Body sizes (p95)", [(f'max by (direction) (emporium_http_payload_size_bytes{{{FI}, quantile="0.95"}})', "{{direction}}")], "bytes")
panel("Sign-ups, logins and products per minute", [
    (f'sum(rate(emporium_registrations_total{F}{R})) * 60', "sign-ups"),
    (f'sum by (outcome) (rate(emporium_logins_total{F}{R})) * 60', "logins {{outcome}}"),
    (f'sum(rate(emporium_product_creations_total{F}{R})) * 60', "products created"),
    (f'sum by (reason) (rate(emporium_stock_changes_total{F}{R})) * 60', "stock {{reason}}")], "short")
end_row()

row("Latency")
panel("Request latency p50 / p95 / p99", [
    (f'histogram_quantile({q}, sum by (le) (rate(emporium_http_request_duration_seconds_bucket{F}{R})))', f"p{int(float(q)*100)}")
    for q in ("0.5", "0.95", "0.99")], "s", 12)
panel("p99 by route", [(f'histogram_quantile(0.99, sum by (le, route) (rate(emporium_http_request_duration_seconds_bucket{F}{R})))', "{{route}}")], "s", 12)
end_row()

row("Errors")
panel("5xx share of answers", [(f'sum(rate(emporium_http_requests_total{{{FI}, status_class="5xx"}}{R})) / sum(rate(emporium_http_requests_total{F}{R}))', "5xx ratio")], "percentunit")
panel("4xx per second by route", [(f'sum by (route) (rate(emporium_http_requests_total{{{FI}, status_class="4xx"}}{R}))', "{{route}}")], "reqps")
panel("Failed bus replies per second", [(f'sum by (address, failure) (rate(vertx_eventbus_reply_failures_total{F}{R}))', "{{address}} {{failure}}")], "short")
end_row()

row("Orders")
panel("Checkouts per minute by outcome", [(f'sum by (outcome) (rate(emporium_order_checkouts_total{F}{R})) * 60', "{{outcome}}")], "short",
      desc="placed; refused: an answer such as too little stock; failed: the service or a dependency failed")
panel("Checkout latency p50 / p95 / p99", [
    (f'histogram_quantile({q}, sum by (le) (rate(emporium_order_checkout_duration_seconds_bucket{F}{R})))', f"p{int(float(q)*100)}")
    for q in ("0.5", "0.95", "0.99")], "s")
panel("Share of checkouts failing", [(f'sum(rate(emporium_order_checkouts_total{{{FI}, outcome="failed"}}{R})) / sum(rate(emporium_order_checkouts_total{F}{R}))', "failed")], "percentunit",
      desc="The alert EmporiumCheckoutFailures pages above 5 % for 5 minutes")
panel("Orders reaching each state per minute", [(f'sum by (state) (rate(emporium_order_transitions_total{F}{R})) * 60', "{{state}}")], "short",
      desc="placed counts new orders; cancelled includes the sweeper's cancellations of unpaid orders")
panel("Orders by current state", [(f'max by (state) (emporium_orders{F})', "{{state}}")], "short",
      desc="Sampled from the order store every 10 s; every order JVM on PostgreSQL reports the same counts, hence max")
panel("Revenue and refunds per hour by currency", [
    (f'sum by (currency) (increase(emporium_order_revenue_cents_total{F}[1h])) / 100', "revenue {{currency}}"),
    (f'sum by (currency) (increase(emporium_order_refunds_cents_total{F}[1h])) / 100', "refunds {{currency}}")], "short", 16,
      desc="Counters only grow: net revenue is revenue minus refunds (paid orders cancelled owe their payment back)")
end_row()

row("Cache")
panel("GET cache hit ratio by level", [(f'sum by (level) (rate(emporium_cache_lookups_total{{{FI}, result="hit"}}{R})) / sum by (level) (rate(emporium_cache_lookups_total{F}{R}))', "{{level}}")], "percentunit", 12)
panel("GET cache lookups per second", [(f'sum by (level, result) (rate(emporium_cache_lookups_total{F}{R}))', "{{level}} {{result}}")], "short", 12)
end_row()

row("Mesh")
panel("Calls per second by service and outcome", [(f'sum by (destination_service, outcome) (rate(emporium_mesh_calls_total{F}{R}))', "{{destination_service}} {{outcome}}")], "short")
panel("Call p99 by service", [(f'histogram_quantile(0.99, sum by (le, destination_service) (rate(emporium_mesh_call_duration_seconds_bucket{F}{R})))', "{{destination_service}}")], "s")
panel("Retries per second", [(f'sum by (destination_service) (rate(emporium_mesh_retries_total{F}{R}))', "{{destination_service}}")], "short")
panel("Circuit state (0 closed, 1 half-open, 2 open)", [(f'max by (destination_service, destination_instance) (emporium_mesh_circuit_state{F})', "{{destination_service}} {{destination_instance}}")], "short")
panel("Instances per service", [(f'max by (destination_service) (emporium_mesh_instances{F})', "{{destination_service}}")], "short")
panel("Event-bus messages sent per second", [(f'sum by (address) (rate(vertx_eventbus_sent_total{F}{R}))', "{{address}}")], "short")
end_row()

row("Outbox and events")
panel("Outbox backlog", [(f'max by (outbox) (emporium_outbox_backlog{F})', "{{outbox}}")], "short")
panel("Oldest pending event", [(f'max by (outbox) (emporium_outbox_oldest_pending_age_seconds{F})', "{{outbox}}")], "s")
panel("Events published / delivered per second", [
    (f'sum by (type) (rate(emporium_events_published_total{F}{R}))', "published {{type}}"),
    (f'sum by (type) (rate(emporium_events_delivered_total{F}{R}))', "delivered {{type}}")], "short")
panel("Products at or below the low-stock threshold", [(f'max(emporium_stock_below_threshold{F})', "products")], "short")
panel("Active users", [(f'max by (window) (emporium_users_active{F})', "{{window}}")], "short")
end_row()

row("Stores")
panel("Database p99 by operation", [(f'histogram_quantile(0.99, sum by (le, operation) (rate(emporium_db_operation_duration_seconds_bucket{F}{R})))', "{{operation}}")], "s")
panel("Database statements per second by table", [(f'sum by (table, outcome) (rate(emporium_db_operations_total{F}{R}))', "{{table}} {{outcome}}")], "short")
panel("Redis p99 by command", [(f'histogram_quantile(0.99, sum by (le, command) (rate(emporium_redis_command_duration_seconds_bucket{F}{R})))', "{{command}}")], "s")
panel("Redis reachable", [(f'min by (instance) (emporium_redis_up{F})', "{{instance}}")], "short")
panel("Pools in use (SQL, workers)", [(f'sum by (pool_type, pool_name) (vertx_pool_in_use{F})', "{{pool_type}} {{pool_name}}")], "short")
panel("Pool waiting queue", [(f'sum by (pool_type, pool_name) (vertx_pool_queue_pending{F})', "{{pool_type}} {{pool_name}}")], "short")
end_row()

row("JVM")
panel("Heap used / max", [
    (f'sum by (instance) (jvm_memory_used_bytes{{{FI}, area="heap"}})', "used {{instance}}"),
    (f'sum by (instance) (jvm_memory_max_bytes{{{FI}, area="heap"}} > 0)', "max {{instance}}")], "bytes")
panel("Share of CPU time in GC / heap kept after GC", [
    (f'max by (instance) (jvm_gc_overhead{F})', "GC {{instance}}"),
    (f'max by (instance) (jvm_memory_usage_after_gc{{{FI}, area="heap"}})', "heap after GC {{instance}}")], "percentunit")
panel("CPU (process / system)", [
    (f'max by (instance) (process_cpu_usage{F})', "process {{instance}}"),
    (f'max by (instance) (system_cpu_usage{F})', "system {{instance}}")], "percentunit")
panel("Live threads", [(f'max by (instance) (jvm_threads_live_threads{F})', "{{instance}}")], "short")
panel("Open files", [(f'max by (instance) (process_files_open_files{F})', "{{instance}}")], "short")
panel("Uptime", [(f'max by (instance) (process_uptime_seconds{F})', "{{instance}}")], "s", 8, "stat")
end_row()

dash = {
  "uid": "emporium", "title": "Emporium", "tags": ["emporium"], "timezone": "utc",
  "schemaVersion": 39, "version": 1, "editable": True, "refresh": "30s",
  "time": {"from": "now-1h", "to": "now"},
  "templating": {"list": [
    {"name": "datasource", "type": "datasource", "query": "prometheus", "label": "Data source",
     "current": {"text": "Prometheus", "value": "prometheus"}},
    {"name": "instance", "type": "query", "label": "JVM", "includeAll": True, "multi": True, "allValue": ".*",
     "datasource": {"type": "prometheus", "uid": "${datasource}"},
     "query": {"query": "label_values(process_uptime_seconds, instance)", "refId": "instances"},
     "definition": "label_values(process_uptime_seconds, instance)", "refresh": 2,
     "current": {"text": "All", "value": "$__all"}}]},
  "annotations": {"list": []},
  "panels": panels,
}
json.dump(dash, open('docker/grafana/dashboards/emporium.json', 'w'), indent=2)
open('docker/grafana/dashboards/emporium.json', 'a').write('\n')
print(len(panels), "panels")
