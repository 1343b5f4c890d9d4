package com.marketiger3d.simulator;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.convert.DurationStyle;
import org.springframework.http.HttpStatus;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * Answers the admin endpoints under {@code /admin}: counters, faults and access-token
 * revocation. They are not part of the API, so they answer plain JSON, not envelopes.
 */
final class AdminHandler {

	private static final Set<String> FAULT_FIELDS = Set.of("errorRate", "errorKinds", "latency", "clockOffset", "seed",
			"failNext");

	private final SimulatorCounters counters;

	private final Faults faults;

	private final AccessTokens accessTokens;

	private final Envelope envelope;

	AdminHandler(SimulatorCounters counters, Faults faults, AccessTokens accessTokens, Envelope envelope) {
		this.counters = counters;
		this.faults = faults;
		this.accessTokens = accessTokens;
		this.envelope = envelope;
	}

	Mono<ServerResponse> counters(ServerRequest request) {
		return ok(this.counters.toMap());
	}

	Mono<ServerResponse> resetCounters(ServerRequest request) {
		this.counters.reset();
		return ok(this.counters.toMap());
	}

	Mono<ServerResponse> faults(ServerRequest request) {
		return ok(describe(this.faults));
	}

	Mono<ServerResponse> changeFaults(ServerRequest request) {
		return request.bodyToMono(String.class).defaultIfEmpty("").flatMap((body) -> {
			JsonNode changes = this.envelope.readObject(body);
			if (changes == null) {
				return badRequest("The body must be a JSON object.");
			}
			try {
				apply(FaultChanges.read(changes));
			}
			catch (IllegalArgumentException ex) {
				return badRequest(Objects.requireNonNullElse(ex.getMessage(), "The fault change is invalid."));
			}
			return ok(describe(this.faults));
		});
	}

	Mono<ServerResponse> resetFaults(ServerRequest request) {
		this.faults.clear();
		return ok(describe(this.faults));
	}

	Mono<ServerResponse> revokeAccessTokens(ServerRequest request) {
		return ok(Map.of("revoked", this.accessTokens.revokeAll()));
	}

	private void apply(FaultChanges changes) {
		if (changes.errorKinds != null) {
			this.faults.errorKinds(changes.errorKinds);
		}
		if (changes.errorRate != null) {
			this.faults.errorRate(changes.errorRate);
		}
		if (changes.latency != null) {
			this.faults.latency(changes.latency);
		}
		if (changes.clockOffset != null) {
			this.faults.clockOffset(changes.clockOffset);
		}
		if (changes.seed != null) {
			this.faults.seed(changes.seed);
		}
		if (changes.failNextKind != null) {
			this.faults.failNext(changes.failNextCount, changes.failNextKind);
		}
	}

	private Mono<ServerResponse> ok(Object body) {
		return this.envelope.json(HttpStatus.OK, body).toServerResponse();
	}

	private Mono<ServerResponse> badRequest(String message) {
		return this.envelope.json(HttpStatus.BAD_REQUEST, Map.of("error", message)).toServerResponse();
	}

	private static Map<String, Object> describe(Faults faults) {
		Map<String, Object> description = new LinkedHashMap<>();
		description.put("errorRate", faults.errorRate());
		description.put("errorKinds", faults.errorKinds());
		description.put("latency", faults.latency().toString());
		description.put("clockOffset", faults.clockOffset().toString());
		description.put("seed", faults.seed());
		description.put("scheduled", faults.scheduled());
		return description;
	}

	/**
	 * The changes a {@code POST /admin/faults} asks for, all read and checked before any
	 * is applied, so that a bad request changes nothing.
	 */
	private static final class FaultChanges {

		private @Nullable Double errorRate;

		private @Nullable List<FaultKind> errorKinds;

		private @Nullable Duration latency;

		private @Nullable Duration clockOffset;

		private @Nullable Long seed;

		private int failNextCount;

		private @Nullable FaultKind failNextKind;

		static FaultChanges read(JsonNode json) {
			FaultChanges changes = new FaultChanges();
			for (String name : json.propertyNames()) {
				if (!FAULT_FIELDS.contains(name)) {
					throw new IllegalArgumentException("Unknown field '" + name + "', expected one of " + FAULT_FIELDS);
				}
			}
			if (json.has("errorRate")) {
				JsonNode rate = json.get("errorRate");
				if (!rate.isNumber()) {
					throw new IllegalArgumentException("errorRate must be a number");
				}
				Faults.checkErrorRate(rate.doubleValue());
				changes.errorRate = rate.doubleValue();
			}
			if (json.has("errorKinds")) {
				JsonNode kinds = json.get("errorKinds");
				if (!kinds.isArray()) {
					throw new IllegalArgumentException("errorKinds must be an array");
				}
				changes.errorKinds = new ArrayList<>();
				for (JsonNode kind : kinds) {
					changes.errorKinds.add(kind(kind, "errorKinds"));
				}
				Faults.checkErrorKinds(changes.errorKinds);
			}
			if (json.has("latency")) {
				changes.latency = duration(json.get("latency"), "latency");
				Faults.checkLatency(changes.latency);
			}
			if (json.has("clockOffset")) {
				changes.clockOffset = duration(json.get("clockOffset"), "clockOffset");
			}
			if (json.has("seed")) {
				JsonNode seed = json.get("seed");
				if (!seed.isIntegralNumber()) {
					throw new IllegalArgumentException("seed must be an integer");
				}
				changes.seed = seed.longValue();
			}
			if (json.has("failNext")) {
				JsonNode failNext = json.get("failNext");
				JsonNode count = failNext.path("count");
				if (!count.isIntegralNumber() || count.intValue() < 0) {
					throw new IllegalArgumentException("failNext.count must be an integer, 0 or more");
				}
				changes.failNextCount = count.intValue();
				changes.failNextKind = kind(failNext.path("kind"), "failNext.kind");
			}
			return changes;
		}

		private static FaultKind kind(JsonNode node, String field) {
			try {
				return FaultKind.valueOf(node.asString(""));
			}
			catch (IllegalArgumentException ex) {
				throw new IllegalArgumentException(field + " must hold names from " + List.of(FaultKind.values()));
			}
		}

		private static Duration duration(JsonNode node, String field) {
			if (!node.isString()) {
				throw new IllegalArgumentException(field + " must be a duration such as \"500ms\" or \"PT0.5S\"");
			}
			try {
				return DurationStyle.detectAndParse(node.stringValue());
			}
			catch (IllegalArgumentException ex) {
				throw new IllegalArgumentException(field + " must be a duration such as \"500ms\" or \"PT0.5S\"");
			}
		}

	}

}
