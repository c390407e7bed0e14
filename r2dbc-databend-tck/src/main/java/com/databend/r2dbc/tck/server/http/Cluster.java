package com.databend.r2dbc.tck.server.http;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The nodes of one server, for sticky forwarding, heartbeat forwarding and node discovery
 * (docs/protocol.md §2.5, §4.4).
 */
public final class Cluster {

    private final Map<String, NodeHandler> nodes = new ConcurrentHashMap<>();

    private final List<String> addresses = new CopyOnWriteArrayList<>();

    void add(NodeHandler node, String address) {
        this.nodes.put(node.nodeId(), node);
        this.addresses.add(address);
    }

    NodeHandler find(String nodeId) {
        return nodeId == null ? null : this.nodes.get(nodeId);
    }

    List<String> addresses() {
        return List.copyOf(this.addresses);
    }
}
