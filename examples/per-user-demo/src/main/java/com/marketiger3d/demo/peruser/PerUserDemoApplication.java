package com.marketiger3d.demo.peruser;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A WebFlux application whose users each call MarkeTiger3D with their own account,
 * through {@code marketiger-auth-spring-boot-starter} in per-user mode. The application
 * signs its users in with Spring Security; a user connects a MarkeTiger account once
 * (e-mail and password go to Login and are not kept), and every call of the
 * {@code marketigerWebClient} made while serving that user's request carries that user's
 * token.
 * <p>
 * Unless a base URL is configured, {@link EmbeddedSimulatorInitializer} starts the API
 * simulator inside the application, with one MarkeTiger account per demo user.
 *
 * @since 0.1.0
 */
@SpringBootApplication(proxyBeanMethods = false)
public class PerUserDemoApplication {

	public static void main(String[] args) {
		SpringApplication.run(PerUserDemoApplication.class, args);
	}

}
