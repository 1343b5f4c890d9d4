package com.marketiger3d.auth.api;

import java.io.IOException;
import java.net.ConnectException;
import java.net.UnknownHostException;

import javax.net.ssl.SSLHandshakeException;

import org.junit.jupiter.api.Test;

import org.springframework.web.reactive.function.client.WebClientRequestException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link RequestNotSent}.
 */
class RequestNotSentTests {

	@Test
	void isNotSentWhenTheConnectionWasRefusedOrTheHostUnknown() {
		assertThat(RequestNotSent.isNotSent(new ConnectException("refused"))).isTrue();
		assertThat(RequestNotSent.isNotSent(new UnknownHostException("api.example"))).isTrue();
		assertThat(RequestNotSent.isNotSent(new SSLHandshakeException("no common cipher"))).isTrue();
	}

	@Test
	void isNotSentWhenTheCauseOfAWrapperProvesIt() {
		WebClientRequestException wrapped = new WebClientRequestException(new ConnectException("refused"),
				org.springframework.http.HttpMethod.POST, java.net.URI.create("http://localhost/v2/Auth/Login"),
				org.springframework.http.HttpHeaders.EMPTY);
		assertThat(RequestNotSent.isNotSent(wrapped)).isTrue();
	}

	@Test
	void isNotSentWhenNoPooledConnectionCouldBeAcquired() {
		assertThat(RequestNotSent.isNotSent(new PoolAcquireTimeoutException())).isTrue();
	}

	@Test
	void mayHaveBeenSentAfterAResetOrAnyOtherFailure() {
		assertThat(RequestNotSent.isNotSent(new IOException("Connection reset by peer"))).isFalse();
		assertThat(RequestNotSent.isNotSent(new IllegalStateException(new IOException("closed")))).isFalse();
		assertThat(RequestNotSent.isNotSent(null)).isFalse();
	}

	@Test
	void looksSixteenFailuresDeepForTheProof() {
		assertThat(RequestNotSent.isNotSent(wrapped(new ConnectException("refused"), 15))).isTrue();
		assertThat(RequestNotSent.isNotSent(wrapped(new ConnectException("refused"), 16))).isFalse();
	}

	@Test
	void endsOnACycleOfCauses() {
		CyclicException cyclic = new CyclicException();
		assertThat(RequestNotSent.isNotSent(cyclic)).isFalse();
	}

	private static Throwable wrapped(Throwable failure, int wrappers) {
		Throwable outer = failure;
		for (int i = 0; i < wrappers; i++) {
			outer = new IllegalStateException("wrapper " + i, outer);
		}
		return outer;
	}

	/** Named as Reactor Netty's shaded pool failure is. */
	static final class PoolAcquireTimeoutException extends RuntimeException {

	}

	static final class CyclicException extends RuntimeException {

		@Override
		public synchronized Throwable getCause() {
			return this;
		}

	}

}
