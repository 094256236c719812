package dev.metering.contracts.customer;

/** A customer's contact (the vendor Partner API's {@code contact} object). All fields optional but email. */
public record Contact(String firstName, String lastName, String email, String phone, Address address) {

    public record Address(String address1, String address2, String city, String state, String postalCode,
            String countryCode) {
    }
}
