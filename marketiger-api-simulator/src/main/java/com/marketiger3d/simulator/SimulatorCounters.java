package com.marketiger3d.simulator;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What a simulator has answered since it started or was last {@link #reset() reset}.
 * Calls failed by an injected {@link FaultKind#SERVICE_UNAVAILABLE} or
 * {@link FaultKind#TOO_MANY_REQUESTS} were never processed and count only as
 * {@link #injectedFaults()}.
 * <p>
 * This class is thread-safe.
 *
 * @since 0.1.0
 */
public final class SimulatorCounters {

	private final AtomicLong logins = new AtomicLong();

	private final AtomicLong failedLogins = new AtomicLong();

	private final AtomicLong refreshes = new AtomicLong();

	private final Map<RefreshRejection, AtomicLong> rejectedRefreshes = new EnumMap<>(RefreshRejection.class);

	private final AtomicLong revokedSessions = new AtomicLong();

	private final AtomicLong apiCallsOk = new AtomicLong();

	private final AtomicLong apiCallsUnauthorized = new AtomicLong();

	private final AtomicLong badRequests = new AtomicLong();

	private final AtomicLong injectedFaults = new AtomicLong();

	SimulatorCounters() {
		for (RefreshRejection reason : RefreshRejection.values()) {
			this.rejectedRefreshes.put(reason, new AtomicLong());
		}
	}

	/**
	 * Return the number of successful logins.
	 * @return the count
	 */
	public long logins() {
		return this.logins.get();
	}

	/**
	 * Return the number of logins refused for wrong credentials.
	 * @return the count
	 */
	public long failedLogins() {
		return this.failedLogins.get();
	}

	/**
	 * Return the number of successful refreshes.
	 * @return the count
	 */
	public long refreshes() {
		return this.refreshes.get();
	}

	/**
	 * Return the number of refreshes answered with 401, whatever the reason.
	 * @return the count
	 */
	public long rejectedRefreshes() {
		return this.rejectedRefreshes.values().stream().mapToLong(AtomicLong::get).sum();
	}

	/**
	 * Return the number of refreshes answered with 401 for this reason.
	 * @param reason the reason
	 * @return the count
	 */
	public long rejectedRefreshes(RefreshRejection reason) {
		return count(reason).get();
	}

	/**
	 * Return the number of sessions revoked because a used refresh token was presented.
	 * @return the count
	 */
	public long revokedSessions() {
		return this.revokedSessions.get();
	}

	/**
	 * Return the number of calls to the Bearer-protected endpoints answered with 200.
	 * @return the count
	 */
	public long apiCallsOk() {
		return this.apiCallsOk.get();
	}

	/**
	 * Return the number of calls to the Bearer-protected endpoints answered with 401.
	 * @return the count
	 */
	public long apiCallsUnauthorized() {
		return this.apiCallsUnauthorized.get();
	}

	/**
	 * Return the number of calls answered with 400 {@code INCORRECT_PARAMETERS}: a
	 * missing field, a malformed body or query parameter.
	 * @return the count
	 */
	public long badRequests() {
		return this.badRequests.get();
	}

	/**
	 * Return the number of auth calls failed on purpose by {@link Faults}.
	 * @return the count
	 */
	public long injectedFaults() {
		return this.injectedFaults.get();
	}

	/**
	 * Set every counter back to zero.
	 */
	public void reset() {
		this.logins.set(0);
		this.failedLogins.set(0);
		this.refreshes.set(0);
		this.rejectedRefreshes.values().forEach((count) -> count.set(0));
		this.revokedSessions.set(0);
		this.apiCallsOk.set(0);
		this.apiCallsUnauthorized.set(0);
		this.badRequests.set(0);
		this.injectedFaults.set(0);
	}

	/**
	 * Return the counters in the shape {@code GET /admin/counters} answers with.
	 * @return the counters, in a stable order
	 */
	public Map<String, Object> toMap() {
		Map<String, Long> rejected = new LinkedHashMap<>();
		this.rejectedRefreshes.forEach((reason, count) -> rejected.put(reason.key(), count.get()));
		Map<String, Long> apiCalls = new LinkedHashMap<>();
		apiCalls.put("ok", apiCallsOk());
		apiCalls.put("unauthorized", apiCallsUnauthorized());
		Map<String, Object> counters = new LinkedHashMap<>();
		counters.put("logins", logins());
		counters.put("failedLogins", failedLogins());
		counters.put("refreshes", refreshes());
		counters.put("rejectedRefreshes", rejected);
		counters.put("revokedSessions", revokedSessions());
		counters.put("apiCalls", apiCalls);
		counters.put("badRequests", badRequests());
		counters.put("injectedFaults", injectedFaults());
		return counters;
	}

	void loginSucceeded() {
		this.logins.incrementAndGet();
	}

	void loginFailed() {
		this.failedLogins.incrementAndGet();
	}

	void refreshSucceeded() {
		this.refreshes.incrementAndGet();
	}

	void refreshRejected(RefreshRejection reason) {
		count(reason).incrementAndGet();
	}

	private AtomicLong count(RefreshRejection reason) {
		// the constructor gives every reason its counter
		return Objects.requireNonNull(this.rejectedRefreshes.get(reason));
	}

	void sessionRevoked() {
		this.revokedSessions.incrementAndGet();
	}

	void apiCallAnsweredOk() {
		this.apiCallsOk.incrementAndGet();
	}

	void apiCallAnsweredUnauthorized() {
		this.apiCallsUnauthorized.incrementAndGet();
	}

	void badRequestAnswered() {
		this.badRequests.incrementAndGet();
	}

	void faultInjected() {
		this.injectedFaults.incrementAndGet();
	}

}
