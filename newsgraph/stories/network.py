"""The actor network of a story or a period: who acts on whom, cooperation against conflict."""

from __future__ import annotations

from collections import Counter, defaultdict
from functools import lru_cache
from pathlib import Path
from typing import Any

import networkx as nx

from newsgraph.lang import read_table
from newsgraph.stories.data import StoryData, actor_label


@lru_cache(maxsize=1)
def quad_classes() -> dict[str, int]:
    """QuadClass of each type (its mode-less row in cameo.tsv)."""
    return {row[0]: int(row[3]) for row in read_table("cameo.tsv") if not row[1]}


def tone(event_type: str) -> int:
    """+1 for cooperation, -1 for conflict."""
    return 1 if quad_classes().get(event_type, 3) <= 2 else -1


def network(data: StoryData) -> nx.MultiDiGraph | nx.DiGraph:
    """Nodes are actors; an edge per (source, target) sums its events, cooperation +1, conflict -1."""
    graph = nx.DiGraph()
    edges: dict[tuple[str, str], dict[str, Any]] = defaultdict(lambda: {"types": Counter(), "articles": set(), "weight": 0})
    for event in data.events:
        source, target = (event["source"] or {}).get("actor"), (event["target"] or {}).get("actor")
        if not source or not target or source == target:
            continue
        edge = edges[(source, target)]
        edge["types"][event["type"]] += 1
        edge["articles"].add(event["article"])
        edge["weight"] += tone(event["type"])
    mentioned = Counter(m["actor"] for m in data.mentions if m.get("actor"))
    for (source, target), edge in edges.items():
        for code in (source, target):
            if code not in graph:
                label = actor_label(code)
                graph.add_node(code, name=label["name"], kind=label["kind"], mentions=mentioned.get(code, 0))
        types = edge["types"]
        graph.add_edge(
            source,
            target,
            weight=edge["weight"],
            events=sum(types.values()),
            types=", ".join(f"{t}:{n}" for t, n in types.most_common()),
            relation="cooperation" if edge["weight"] > 0 else "conflict" if edge["weight"] < 0 else "mixed",
            articles=len(edge["articles"]),
        )
    return graph


def to_json(graph: nx.DiGraph) -> dict[str, Any]:
    return {
        "nodes": [{"id": n, **attrs} for n, attrs in graph.nodes(data=True)],
        "edges": [{"source": s, "target": t, **attrs} for s, t, attrs in graph.edges(data=True)],
    }


def to_graphml(graph: nx.DiGraph, path: Path) -> Path:
    nx.write_graphml(graph, path)
    return path


def draw(graph: nx.DiGraph, path: Path, title: str = "") -> Path:
    """Green edges cooperate, red edges conflict; width by number of events."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(7, 6))
    if graph.number_of_nodes():
        layout = nx.spring_layout(graph, seed=7)
        colours = ["#2a9d4b" if d["weight"] > 0 else "#c0392b" if d["weight"] < 0 else "#888888" for _, _, d in graph.edges(data=True)]
        widths = [1 + d["events"] for _, _, d in graph.edges(data=True)]
        nx.draw_networkx_nodes(graph, layout, ax=ax, node_color="#dfe7f2", node_size=[600 + 80 * graph.nodes[n]["mentions"] for n in graph])
        nx.draw_networkx_labels(graph, layout, ax=ax, font_size=9)
        nx.draw_networkx_edges(graph, layout, ax=ax, edge_color=colours, width=widths, arrows=True, arrowsize=14, connectionstyle="arc3,rad=0.1")
        nx.draw_networkx_edge_labels(graph, layout, ax=ax, edge_labels={(s, t): d["types"] for s, t, d in graph.edges(data=True)}, font_size=6)
    ax.set_title(title or "Actor network", fontsize=10)
    ax.axis("off")
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)
    return path
