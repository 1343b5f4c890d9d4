package com.marketiger3d.auth.autoconfigure;

import com.marketiger3d.auth.api.InvalidCredentialsException;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.BeanCreationException;
import org.springframework.boot.diagnostics.FailureAnalysis;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link InvalidCredentialsFailureAnalyzer}.
 */
class InvalidCredentialsFailureAnalyzerTests {

	private final InvalidCredentialsFailureAnalyzer analyzer = new InvalidCredentialsFailureAnalyzer();

	@Test
	void describesRejectedLoginAndNamesTheCredentialProperties() {
		InvalidCredentialsException rejected = new InvalidCredentialsException(
				"Login rejected the e-mail and password (HTTP 400, AUTHENTICATION: Username or Password are incorrect.)");
		FailureAnalysis analysis = this.analyzer
			.analyze(new BeanCreationException("marketigerAuthStartupLogin", "Init failed", rejected));
		assertThat(analysis).isNotNull();
		assertThat(analysis.getDescription()).startsWith("The MarkeTiger3D API rejected the login at start-up: ")
			.contains("Username or Password are incorrect.");
		assertThat(analysis.getAction()).contains("'marketiger.auth.email'")
			.contains("'marketiger.auth.password'")
			.contains("'marketiger.auth.base-url'");
		assertThat(analysis.getCause()).isSameAs(rejected);
	}

	@Test
	void ignoresOtherFailures() {
		assertThat(this.analyzer.analyze(new IllegalStateException("Login rejected"))).isNull();
	}

	@Test
	void isRegistered() {
		assertThat(FailureAnalyzerRegistrations.names()).contains(InvalidCredentialsFailureAnalyzer.class.getName());
	}

}
