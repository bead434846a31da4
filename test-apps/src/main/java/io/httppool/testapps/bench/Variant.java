package io.httppool.testapps.bench;

/** The five configurations measured side by side for every client, scheme and concurrency. */
enum Variant {
  PROBLEM("1", "per-request, no agent", true, AgentKind.NONE),
  RETROFIT("2", "per-request + httppool", true, AgentKind.HTTPPOOL),
  LIMIT("3", "hand-tuned, no agent", false, AgentKind.NONE),
  OVERHEAD("4", "hand-tuned + httppool", false, AgentKind.HTTPPOOL),
  PEER("5", "hand-tuned + OTel agent", false, AgentKind.OTEL);

  private final String number;
  private final String label;
  private final boolean perRequest;
  private final AgentKind agent;

  Variant(String number, String label, boolean perRequest, AgentKind agent) {
    this.number = number;
    this.label = label;
    this.perRequest = perRequest;
    this.agent = agent;
  }

  String number() {
    return number;
  }

  String label() {
    return label;
  }

  boolean perRequest() {
    return perRequest;
  }

  AgentKind agent() {
    return agent;
  }
}
