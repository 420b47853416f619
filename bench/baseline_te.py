"""The benchmark's baseline: earliest-arrival Dijkstra on a time-expanded graph (networkx).

One criterion (arrival). The graph is built from the planner's own compiled timetable so that
both see the same runs, handling times and cut-offs (customs clearance, capacity and fares are
left out: they do not change the graph's size or Dijkstra's work).

Nodes: for every run, a departure node at each stop it leaves and an arrival node at each stop it
reaches; for every place, a chain of waiting nodes, one per moment something can happen there.
Edges: riding (departure → next arrival), staying on board (arrival → departure of the same run),
alighting (arrival → the place's waiting node after handling), boarding (waiting node at the
cut-off → departure), waiting (chain), and on-demand trucks from every waiting node.
"""

from __future__ import annotations

import itertools
from bisect import bisect_left
from collections import defaultdict
from typing import Any

import networkx as nx

from landsea.planning.costs import Weights
from landsea.planning.timetable import Timetable


class TimeExpandedGraph:
    def __init__(self, tt: Timetable, w: Weights, start: int, end: int) -> None:
        graph: Any = nx.DiGraph()
        moments: dict[int, set[int]] = defaultdict(set)
        arrivals: dict[int, list[tuple[tuple[Any, ...], int]]] = defaultdict(list)
        for r, route in enumerate(tt.routes):
            if route.on_demand:
                continue
            k0 = bisect_left(route.starts, start - route.arr[-1])
            for k in range(k0, len(route.starts)):
                base = route.starts[k]
                if base > end:
                    break
                stops = route.stops
                for i in range(len(stops)):
                    if i > 0:
                        a = ("a", r, k, i)
                        graph.add_edge(("d", r, k, i - 1), a, w=route.arr[i] - route.dep[i - 1])
                        ready = base + route.arr[i] + w.hub_min[stops[i]]
                        arrivals[stops[i]].append((a, base + route.arr[i]))
                        if w.transfer_ok[stops[i]]:
                            moments[stops[i]].add(ready)
                            graph.add_edge(a, ("w", stops[i], ready), w=w.hub_min[stops[i]])
                        if i < len(stops) - 1:
                            graph.add_edge(a, ("d", r, k, i), w=route.dep[i] - route.arr[i])
                    if i < len(stops) - 1:
                        board = base + route.dep[i] - route.cutoff
                        moments[stops[i]].add(board)
                        graph.add_edge(("w", stops[i], board), ("d", r, k, i), w=route.cutoff)
        self.chains: dict[int, list[int]] = {}
        for place, times in moments.items():
            chain = sorted(times)
            self.chains[place] = chain
            for before, after in itertools.pairwise(chain):
                graph.add_edge(("w", place, before), ("w", place, after), w=after - before)
        for r, route in enumerate(tt.routes):
            if not route.on_demand:
                continue
            for i, place in enumerate(route.stops[:-1]):
                for t in self.chains.get(place, []):
                    for j in range(i + 1, len(route.stops)):
                        p = route.stops[j]
                        arrive = t + route.arr[j] - route.dep[i]
                        node = ("t", r, t, j)
                        graph.add_edge(("w", place, t), node, w=arrive - t)
                        arrivals[p].append((node, arrive))
                        if w.transfer_ok[p]:
                            ready = arrive + w.hub_min[p]
                            chain = self.chains.get(p)
                            if chain:
                                n = bisect_left(chain, ready)
                                if n < len(chain):
                                    graph.add_edge(node, ("w", p, chain[n]), w=chain[n] - arrive)
        self.graph = graph
        self.arrivals = arrivals

    def earliest_arrival(
        self, tt: Timetable, w: Weights, origin: int, destination: int, ready: int
    ) -> int | None:
        """Earliest arrival at ``destination`` for cargo ready at ``origin`` at ``ready``."""
        graph = self.graph
        source, target = ("source",), ("sink", destination)
        temporary = [source, target]
        graph.add_node(source)
        graph.add_node(target)
        chain = self.chains.get(origin, [])
        n = bisect_left(chain, ready)
        if n < len(chain):
            graph.add_edge(source, ("w", origin, chain[n]), w=chain[n] - ready)
        # Trucks leave the origin the moment the cargo is ready.
        for r, i in tt.routes_at[origin]:
            route = tt.routes[r]
            if not route.on_demand:
                continue
            for j in range(i + 1, len(route.stops)):
                p, ride = route.stops[j], route.arr[j] - route.dep[i]
                node = ("t0", r, j)
                temporary.append(node)
                graph.add_edge(source, node, w=ride)
                if p == destination:
                    graph.add_edge(node, target, w=0)
                elif w.transfer_ok[p] and self.chains.get(p):
                    later = self.chains[p]
                    k = bisect_left(later, ready + ride + w.hub_min[p])
                    if k < len(later):
                        graph.add_edge(node, ("w", p, later[k]), w=later[k] - ready - ride)
        for node, _ in self.arrivals.get(destination, []):
            graph.add_edge(node, target, w=0)
        try:
            length = nx.single_source_dijkstra(graph, source, target=target, weight="w")[0]
            return ready + int(length)
        except nx.NetworkXNoPath:
            return None
        finally:
            graph.remove_nodes_from(temporary)

    def size(self) -> tuple[int, int]:
        return self.graph.number_of_nodes(), self.graph.number_of_edges()
