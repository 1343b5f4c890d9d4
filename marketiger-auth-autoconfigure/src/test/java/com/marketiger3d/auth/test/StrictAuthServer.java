package com.marketiger3d.auth.test;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

/**
 * Plays the API's Login and RefreshToken on WireMock as a strict server with token
 * families does: every login starts a family, each refresh token of a family is accepted
 * once and rotates it, and a refresh token presented twice revokes its whole family.
 * Counts reuses, revocations and logins, and tells whether an access token would be
 * accepted.
 */
public final class StrictAuthServer implements AutoCloseable {

	private final WireMockServer server;

	private final Families families;

	public StrictAuthServer(Clock clock, Duration lifetime) {
		this.families = new Families(clock, lifetime);
		this.server = new WireMockServer(wireMockConfig().dynamicPort().extensions(this.families));
		this.server.start();
		this.server.stubFor(any(anyUrl()).willReturn(aResponse().withTransformers(Families.NAME)));
	}

	public String baseUrl() {
		return this.server.baseUrl() + "/v2";
	}

	public int logins() {
		return this.families.logins.get();
	}

	public int refreshes() {
		return this.families.refreshes.get();
	}

	public int reusedRefreshTokens() {
		return this.families.reused.get();
	}

	public int revokedFamilies() {
		return this.families.revoked.size();
	}

	/** Whether the API would accept this access token now. */
	public boolean accepts(String accessToken) {
		Issued issued = this.families.accessTokens.get(accessToken);
		return issued != null && !this.families.revoked.contains(issued.family())
				&& this.families.clock.instant().isBefore(issued.expiresAt());
	}

	/** Issue a family out of band, as a person configuring tokens would get them. */
	public String[] issue() {
		return this.families.issue(UUID.randomUUID().toString());
	}

	/** Spend a refresh token out of band, as another instance would. */
	public String[] refresh(String refreshToken) {
		Issued issued = this.families.refreshTokens.get(refreshToken);
		if (issued == null || !this.families.spent.add(refreshToken)) {
			throw new IllegalStateException("not a live refresh token");
		}
		return this.families.issue(issued.family());
	}

	@Override
	public void close() {
		this.server.stop();
	}

	private record Issued(String family, java.time.Instant expiresAt) {
	}

	private static final class Families implements ResponseDefinitionTransformerV2 {

		static final String NAME = "strict-families";

		private final JsonMapper json = JsonMapper.builder().build();

		private final Clock clock;

		private final Duration lifetime;

		private final Map<String, Issued> accessTokens = new ConcurrentHashMap<>();

		private final Map<String, Issued> refreshTokens = new ConcurrentHashMap<>();

		private final Set<String> spent = ConcurrentHashMap.newKeySet();

		private final Set<String> revoked = ConcurrentHashMap.newKeySet();

		private final AtomicInteger logins = new AtomicInteger();

		private final AtomicInteger refreshes = new AtomicInteger();

		private final AtomicInteger reused = new AtomicInteger();

		Families(Clock clock, Duration lifetime) {
			this.clock = clock;
			this.lifetime = lifetime;
		}

		@Override
		public String getName() {
			return NAME;
		}

		@Override
		public boolean applyGlobally() {
			return false;
		}

		@Override
		public synchronized ResponseDefinition transform(ServeEvent serveEvent) {
			String url = serveEvent.getRequest().getUrl();
			JsonNode body = this.json.readTree(serveEvent.getRequest().getBodyAsString());
			if (url.equals(AuthApiStub.LOGIN)) {
				if (!AuthApiStub.EMAIL.equals(body.path("email").asString())
						|| !AuthApiStub.PASSWORD.equals(body.path("password").asString())) {
					return rejected(400, "Username or Password are incorrect.");
				}
				this.logins.incrementAndGet();
				return answer(issue(UUID.randomUUID().toString()));
			}
			if (url.equals(AuthApiStub.REFRESH)) {
				String refreshToken = body.path("refreshToken").asString();
				Issued issued = this.refreshTokens.get(refreshToken);
				if (issued == null || this.revoked.contains(issued.family())) {
					return rejected(401, "Invalid or expired refresh token");
				}
				if (!this.spent.add(refreshToken)) {
					this.reused.incrementAndGet();
					this.revoked.add(issued.family());
					return rejected(401, "Invalid or expired refresh token");
				}
				this.refreshes.incrementAndGet();
				return answer(issue(issued.family()));
			}
			return rejected(404, "No endpoint");
		}

		String[] issue(String family) {
			java.time.Instant now = this.clock.instant();
			String accessToken = TestJwts.issued(now, this.lifetime);
			String refreshToken = "refresh-" + UUID.randomUUID();
			Issued issued = new Issued(family, now.plus(this.lifetime));
			this.accessTokens.put(accessToken, issued);
			this.refreshTokens.put(refreshToken, issued);
			return new String[] { accessToken, refreshToken };
		}

		private static ResponseDefinition answer(String[] pair) {
			return AuthApiStub.envelope(pair[0], pair[1]).build();
		}

		private static ResponseDefinition rejected(int status, String message) {
			ResponseDefinitionBuilder response = aResponse().withStatus(status)
				.withHeader("Content-Type", "application/json")
				.withBody(
						"{\"success\":false,\"error\":{\"type\":\"AUTHENTICATION\",\"message\":\"" + message + "\"}}");
			return response.build();
		}

	}

}
