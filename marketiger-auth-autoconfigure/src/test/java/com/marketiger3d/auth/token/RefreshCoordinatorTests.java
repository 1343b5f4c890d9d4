package com.marketiger3d.auth.token;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class RefreshCoordinatorTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(5);

	@Test
	void aLeaseIsSharedUnlessItSaysOtherwise() {
		RenewalLease lease = new RenewalLease() {

			@Override
			public <T> Mono<T> guard(Mono<T> call) {
				return call;
			}

			@Override
			public Mono<Void> release() {
				return Mono.empty();
			}

		};

		assertThat(lease.isShared()).isTrue();
	}

	@Test
	void aSessionsLeaseThatCouldNotBeTakenIsFreedForTheNextRenewal() {
		RefreshCoordinator failing = (sessionKey, knownVersion) -> Mono
			.error(new IllegalStateException("cluster unreachable"));
		SessionRefreshCoordinator coordinator = new SessionRefreshCoordinator(failing);

		assertThatIllegalStateException().isThrownBy(() -> coordinator.acquire("alice", 0).block(TIMEOUT))
			.withMessage("cluster unreachable");
		assertThat(coordinator.heldCount()).isZero();
	}

	@Test
	void coordinatorsDescribeThemselves() {
		assertThat(RefreshCoordinator.inProcess()).hasToString("RefreshCoordinator[in-process]");
		assertThat(new SessionRefreshCoordinator(RefreshCoordinator.inProcess()))
			.hasToString("RefreshCoordinator[per-session, then RefreshCoordinator[in-process]]");
	}

}
