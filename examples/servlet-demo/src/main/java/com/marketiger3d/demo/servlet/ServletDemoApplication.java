package com.marketiger3d.demo.servlet;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A Spring MVC application that calls the MarkeTiger3D API through the starter's
 * {@code marketigerRestClient}. Without a configured base URL it runs against an embedded
 * API simulator.
 */
@SpringBootApplication
public class ServletDemoApplication {

	public static void main(String[] args) {
		SpringApplication.run(ServletDemoApplication.class, args);
	}

}
