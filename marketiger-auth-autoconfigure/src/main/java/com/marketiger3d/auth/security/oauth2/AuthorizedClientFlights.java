package com.marketiger3d.auth.security.oauth2;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

import com.marketiger3d.auth.api.MalformedAuthResponseException;
import com.marketiger3d.auth.api.RefreshTokenRejectedException;
import com.marketiger3d.auth.api.TransientAuthFailureException;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.core.OAuth2RefreshToken;

/**
 * The renewals of authorized clients, one at a time per registration and principal, and
 * what this process remembers of them.
 * <p>
 * Spring Security's managers load an authorized client, ask a provider, and save what it
 * returns; nothing stops two requests of one user from loading the same client and both
 * sending its refresh token. Here, per {@link Key}:
 * <ul>
 * <li><b>one flight</b>: at most one Login or RefreshToken runs; a caller that would send
 * the refresh token of the running refresh joins it and shares its result; any other
 * caller waits until it ended and decides again;</li>
 * <li><b>the lineage</b>: the newest client this process obtained, and the refresh tokens
 * it superseded (spent by a refresh, replaced by a login, or rejected). A caller holding
 * an older copy of the client (loaded before the newest was saved) gets the newest
 * instead of sending a spent refresh token; when the newest was rejected, it gets the
 * rejection without a call;</li>
 * <li><b>a pause</b> after a transient failure: the server's {@code Retry-After}, else
 * the configured pause; no call starts before it ends.</li>
 * </ul>
 * The decision and the start of a flight happen under the lineage's lock, and a flight
 * records its outcome under the same lock before it leaves the lineage and before its
 * callers are signalled, so a caller that finds no flight running sees the outcome of the
 * last one. The work is subscribed here, not by the callers: a caller that cancels leaves
 * the flight running for the others. Superseded refresh tokens are kept as SHA-256
 * digests, never in clear.
 * <p>
 * A lineage unused for the memory duration is forgotten (never while its flight runs);
 * the sweep runs on the way, at most once per half that duration. Only a caller's manager
 * saves a renewed client, so a lineage whose newest client no request of its principal
 * received ({@link #delivered}) is kept longer: until the refresh tokens that client
 * superseded would have expired (the refresh-token lifetime after it was obtained).
 * Otherwise the application's service, still holding the spent refresh token, would send
 * it again once the lineage was forgotten.
 * <p>
 * This class is thread-safe.
 */
final class AuthorizedClientFlights {

	/** Superseded refresh tokens remembered per principal, newest first kept. */
	static final int SUPERSEDED_PER_LINEAGE = 16;

	private final ConcurrentHashMap<Key, Lineage> lineages = new ConcurrentHashMap<>();

	private final Clock clock;

	private final long memoryMillis;

	private final long pauseMillis;

	private final long undeliveredMillis;

	private final AtomicLong nextSweepMillis = new AtomicLong();

	/**
	 * @param clock the clock of the pauses and of the memory
	 * @param memory how long an unused lineage is remembered
	 * @param pause how long calls pause after a transient failure without a
	 * {@code Retry-After} hint
	 * @param refreshTokenLifetime how long a refresh token lives: how long a lineage
	 * whose newest client was not delivered is kept
	 */
	AuthorizedClientFlights(Clock clock, Duration memory, Duration pause, Duration refreshTokenLifetime) {
		this.clock = Objects.requireNonNull(clock, "clock must not be null");
		this.memoryMillis = memory.toMillis();
		this.pauseMillis = pause.toMillis();
		this.undeliveredMillis = refreshTokenLifetime.toMillis();
	}

	/**
	 * Renew {@code held}, whose access token is due: with the newest client of its
	 * lineage when {@code held} is an older copy, by joining the running refresh of the
	 * same refresh token, or by starting one. The lineage is the one of {@code held}'s
	 * owner ({@link Key#of}), whoever the caller is: an anonymous or administrative
	 * principal may pass several users' clients, and each must renew in its own lineage.
	 * @param held the client the caller has
	 * @param isDue whether a client's access token is due for a refresh now
	 * @param refresh the work: RefreshToken for a client
	 * @return the renewed client, or the failure as the work reported it; a
	 * {@link RefreshTokenRejectedException} without a call when the lineage's newest
	 * refresh token was rejected; a {@link TransientAuthFailureException} without a call
	 * during a pause
	 */
	Mono<OAuth2AuthorizedClient> refresh(OAuth2AuthorizedClient held, Predicate<OAuth2AuthorizedClient> isDue,
			Function<OAuth2AuthorizedClient, Mono<OAuth2AuthorizedClient>> refresh) {
		Key key = Key.of(held);
		return Mono.defer(() -> {
			long now = this.clock.millis();
			for (;;) {
				Lineage lineage = this.lineages.computeIfAbsent(key, Lineage::new);
				Flight started;
				OAuth2AuthorizedClient base;
				synchronized (lineage) {
					if (lineage.retired) {
						continue;
					}
					lineage.lastUsedMillis = now;
					base = held;
					if (lineage.supersedes(refreshTokenValue(held))) {
						if (lineage.latest == null) {
							return Mono.error(new RefreshTokenRejectedException("The refresh token of " + key
									+ " was superseded by one that MarkeTiger rejected; it is not sent again"));
						}
						base = lineage.latest;
						if (!isDue.test(base)) {
							return Mono.just(base);
						}
					}
					Flight running = lineage.running;
					if (running != null) {
						if (running.refreshToken != null && running.refreshToken.equals(refreshTokenValue(base))) {
							return running.result();
						}
						return running.ended().then(refresh(held, isDue, refresh));
					}
					if (now < lineage.pausedUntilMillis) {
						return Mono.error(paused(key, lineage, now));
					}
					started = new Flight(refreshTokenValue(base));
					lineage.running = started;
				}
				sweepIfDue(now);
				OAuth2AuthorizedClient from = base;
				run(lineage, started, from, () -> refresh.apply(from));
				return started.result();
			}
		});
	}

	/**
	 * Log in for {@code key}, after any flight running for it has ended. The new client
	 * becomes the lineage's newest; the refresh tokens of {@code held} and of the
	 * previous newest are superseded by it.
	 * @param key whose client it is: the principal that connects
	 * @param held the client the caller has, if any
	 * @param login the work: Login
	 * @return the new client, or the failure as the work reported it; a
	 * {@link TransientAuthFailureException} without a call during a pause
	 */
	Mono<OAuth2AuthorizedClient> login(Key key, @Nullable OAuth2AuthorizedClient held,
			Supplier<Mono<OAuth2AuthorizedClient>> login) {
		return Mono.defer(() -> {
			long now = this.clock.millis();
			for (;;) {
				Lineage lineage = this.lineages.computeIfAbsent(key, Lineage::new);
				Flight started;
				synchronized (lineage) {
					if (lineage.retired) {
						continue;
					}
					lineage.lastUsedMillis = now;
					Flight running = lineage.running;
					if (running != null) {
						return running.ended().then(login(key, held, login));
					}
					if (now < lineage.pausedUntilMillis) {
						return Mono.error(paused(key, lineage, now));
					}
					started = new Flight(null);
					lineage.running = started;
				}
				sweepIfDue(now);
				run(lineage, started, held, login);
				return started.result();
			}
		});
	}

	/**
	 * Note that {@code client}, obtained by a flight, was handed to a request of
	 * {@code recipient}. Spring Security's managers save a client under the name of the
	 * request's principal, so only a request of the client's own principal stores it
	 * where that principal's requests load it: only then is the lineage's newest client
	 * delivered, and the lineage may be forgotten after the memory duration.
	 * @param recipient the name of the request's principal
	 * @param client the client it was handed
	 */
	void delivered(String recipient, OAuth2AuthorizedClient client) {
		if (!recipient.equals(client.getPrincipalName())) {
			return;
		}
		Lineage lineage = this.lineages.get(Key.of(client));
		if (lineage != null) {
			synchronized (lineage) {
				// The very client the lineage holds: one handed out before a newer flight
				// ended delivers nothing of the newer one.
				if (lineage.latest == client) {
					lineage.latestDelivered = true;
				}
			}
		}
	}

	/**
	 * How many lineages are remembered now.
	 * @return the count
	 */
	int size() {
		return this.lineages.size();
	}

	private void run(Lineage lineage, Flight flight, @Nullable OAuth2AuthorizedClient base,
			Supplier<Mono<OAuth2AuthorizedClient>> work) {
		String kind = (flight.refreshToken != null) ? "refresh" : "login";
		Mono.defer(work)
			.switchIfEmpty(Mono.error(() -> new IllegalStateException(
					"A MarkeTiger " + kind + " completed without an authorized client")))
			// What a lineage records and hands out is its owner's, and no one else's.
			.filter((client) -> lineage.key.equals(Key.of(client)))
			.switchIfEmpty(Mono.error(() -> new IllegalStateException(
					"A MarkeTiger " + kind + " for " + lineage.key + " completed with another principal's client")))
			.subscribe((client) -> {
				synchronized (lineage) {
					lineage.renewed(base, client, this.clock.millis());
					lineage.running = null;
				}
				flight.sink.tryEmitValue(client);
			}, (failure) -> {
				synchronized (lineage) {
					lineage.failed(flight, failure, this.clock.millis(), this.pauseMillis);
					lineage.running = null;
				}
				flight.sink.tryEmitError(failure);
			});
	}

	private static TransientAuthFailureException paused(Key key, Lineage lineage, long now) {
		return new TransientAuthFailureException(
				"MarkeTiger auth calls for " + key + " are paused until "
						+ Instant.ofEpochMilli(lineage.pausedUntilMillis) + " after a failure; try again later",
				Duration.ofMillis(lineage.pausedUntilMillis - now));
	}

	private void sweepIfDue(long now) {
		long next = this.nextSweepMillis.get();
		if (now < next || !this.nextSweepMillis.compareAndSet(next, now + Math.max(1, this.memoryMillis / 2))) {
			return;
		}
		this.lineages.forEach((key, lineage) -> {
			synchronized (lineage) {
				if (lineage.running == null && now - lineage.lastUsedMillis >= this.memoryMillis
						&& (lineage.latestDelivered || now - lineage.latestObtainedMillis >= this.undeliveredMillis)) {
					lineage.retired = true;
					this.lineages.remove(key, lineage);
				}
			}
		});
	}

	private static @Nullable String refreshTokenValue(@Nullable OAuth2AuthorizedClient client) {
		OAuth2RefreshToken refreshToken = (client != null) ? client.getRefreshToken() : null;
		return (refreshToken != null) ? refreshToken.getTokenValue() : null;
	}

	static String digest(String token) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
			return Base64.getEncoder().encodeToString(digest);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is required of every Java runtime", ex);
		}
	}

	/**
	 * Whose authorized client: a registration and a principal's name.
	 *
	 * @param registrationId the client registration's id
	 * @param principalName the principal's name
	 */
	record Key(String registrationId, String principalName) {

		/**
		 * Whose client this is: its registration and the principal it was obtained for.
		 * @param client an authorized client
		 * @return its owner's key
		 */
		static Key of(OAuth2AuthorizedClient client) {
			return new Key(client.getClientRegistration().getRegistrationId(), client.getPrincipalName());
		}

		@Override
		public String toString() {
			return "registration '" + this.registrationId + "' and principal '" + this.principalName + "'";
		}

	}

	/**
	 * A renewal in progress; callers subscribe to its sink.
	 */
	private static final class Flight {

		private final Sinks.One<OAuth2AuthorizedClient> sink = Sinks.one();

		/** The refresh token this flight sends, or {@code null} for a login. */
		private final @Nullable String refreshToken;

		private Flight(@Nullable String refreshToken) {
			this.refreshToken = refreshToken;
		}

		Mono<OAuth2AuthorizedClient> result() {
			return this.sink.asMono();
		}

		Mono<Void> ended() {
			return this.sink.asMono().then().onErrorResume((ex) -> Mono.empty());
		}

	}

	/**
	 * What this process knows of one principal's clients. Every field is guarded by the
	 * lineage's own lock.
	 */
	private static final class Lineage {

		private final Key key;

		private @Nullable Flight running;

		/**
		 * The newest client obtained here; {@code null} before any, and after its refresh
		 * token was rejected.
		 */
		private @Nullable OAuth2AuthorizedClient latest;

		/**
		 * Whether a request of the principal received {@link #latest}, so that the
		 * application's service holds it; {@code true} while there is none.
		 */
		private boolean latestDelivered = true;

		/** When {@link #latest} was obtained. */
		private long latestObtainedMillis;

		/** Digests of the refresh tokens that must not be sent again, oldest first. */
		private final Set<String> superseded = new LinkedHashSet<>();

		private long pausedUntilMillis;

		private long lastUsedMillis;

		private boolean retired;

		private Lineage(Key key) {
			this.key = key;
		}

		boolean supersedes(@Nullable String refreshToken) {
			return refreshToken != null && this.superseded.contains(digest(refreshToken));
		}

		void renewed(@Nullable OAuth2AuthorizedClient base, OAuth2AuthorizedClient client, long now) {
			supersede(refreshTokenValue(base));
			supersede(refreshTokenValue(this.latest));
			String issued = refreshTokenValue(client);
			if (issued != null) {
				// Just issued, so not spent, whatever an earlier client carried.
				this.superseded.remove(digest(issued));
			}
			this.latest = client;
			this.latestDelivered = false;
			this.latestObtainedMillis = now;
			this.pausedUntilMillis = 0;
			this.lastUsedMillis = now;
		}

		void failed(Flight flight, Throwable failure, long now, long pauseMillis) {
			this.lastUsedMillis = now;
			if (failure instanceof RefreshTokenRejectedException && flight.refreshToken != null) {
				// Never again: neither by a caller holding this client, nor through the
				// lineage when it was the newest.
				supersede(flight.refreshToken);
				if (this.latest == null || flight.refreshToken.equals(refreshTokenValue(this.latest))) {
					this.latest = null;
					this.latestDelivered = true;
				}
			}
			else if (failure instanceof TransientAuthFailureException transientFailure) {
				this.pausedUntilMillis = now + transientFailure.getRetryAfter()
					.map(Duration::toMillis)
					.filter((hint) -> hint > 0)
					.orElse(pauseMillis);
			}
			else if (failure instanceof MalformedAuthResponseException) {
				this.pausedUntilMillis = now + pauseMillis;
			}
		}

		private void supersede(@Nullable String refreshToken) {
			if (refreshToken == null) {
				return;
			}
			this.superseded.add(digest(refreshToken));
			if (this.superseded.size() > SUPERSEDED_PER_LINEAGE) {
				Iterator<String> oldest = this.superseded.iterator();
				oldest.next();
				oldest.remove();
			}
		}

	}

}
