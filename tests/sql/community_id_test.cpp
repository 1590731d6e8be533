// community_id_v1: the Community ID spec v1's published test vectors (github.com/corelight/community-id-spec,
// baseline/baseline_deflt.json and baseline_seed1.json at b1fe530faa0c6edc56fad01abf0bfe71f01134ed: flows from
// its pcaps, both directions, ICMP/ICMPv6 type+code and port-less RSVP), osquery's documented examples and its
// sqlite_hashing_tests.cpp cases, and the argument errors.
#include "sql/sql_eval.hpp"

#include "db/osquery_functions.hpp"

#include <gtest/gtest.h>

#include <optional>
#include <string>

namespace procsnap {
namespace {

using sqltest::eval;

struct Vector {
  std::int64_t proto;
  const char* saddr;
  const char* daddr;
  std::optional<std::int64_t> sport;
  std::optional<std::int64_t> dport;
  std::int64_t seed;
  const char* id;
};

// Generated from the spec's baseline JSON (proto, saddr, daddr, sport, dport, seed, communityid).
const Vector k_spec_vectors[] = {
    {58, "fe80::200:86ff:fe05:80da", "fe80::260:97ff:fe07:69ea", 135, 136, 0, "1:dGHyGvjMfljg6Bppwm3bg0LO8TY="},
    {58, "fe80::260:97ff:fe07:69ea", "fe80::200:86ff:fe05:80da", 136, 135, 0, "1:dGHyGvjMfljg6Bppwm3bg0LO8TY="},
    {58, "fe80::260:97ff:fe07:69ea", "fe80::200:86ff:fe05:80da", 135, 136, 0, "1:zavyT/cezQr1fmImYCwYnMXbgck="},
    {58, "fe80::200:86ff:fe05:80da", "fe80::260:97ff:fe07:69ea", 136, 135, 0, "1:zavyT/cezQr1fmImYCwYnMXbgck="},
    {58, "3ffe:501:1800:2345::2", "3ffe:507:0:1:200:86ff:fe05:80da", 3, 0, 0, "1:2ObVBgIn28oZvibYZhZMBgh7WdQ="},
    {58, "3ffe:501:410:0:2c0:dfff:fe47:33e", "3ffe:507:0:1:200:86ff:fe05:80da", 1, 4, 0, "1:hLZd0XGWojozrvxqE0dWB1iM6R0="},
    {58, "3ffe:507:0:1:200:86ff:fe05:80da", "3ffe:501:0:1001::2", 128, 129, 0, "1:+TW+HtLHvV1xnGhV1lv7XoJrqQg="},
    {58, "3ffe:501:0:1001::2", "3ffe:507:0:1:200:86ff:fe05:80da", 129, 128, 0, "1:+TW+HtLHvV1xnGhV1lv7XoJrqQg="},
    {58, "fe80::200:86ff:fe05:80da", "ff02::2", 133, 134, 0, "1:hO+sN4H+MG5MY/8hIrXPqc4ZQz0="},
    {58, "fe80::260:97ff:fe07:69ea", "ff02::1", 134, 133, 0, "1:pkvHqCL88/tg1k4cPigmZXUtL00="},
    {1, "192.168.0.89", "192.168.0.1", 8, 0, 0, "1:X0snYXpgwiv9TZtqg64sgzUn6Dk="},
    {1, "192.168.0.1", "192.168.0.89", 0, 8, 0, "1:X0snYXpgwiv9TZtqg64sgzUn6Dk="},
    {1, "10.0.0.1", "10.0.0.2", 11, 0, 0, "1:YHxtAirCG//0OzkcVAukqKQN9xM="},
    {6, "2001:470:e5bf:dead:4957:2174:e82c:4887", "2607:f8b0:400c:c03::1a", 63943, 25, 0, "1:/qFaeAR+gFe1KYjMzVDsMv+wgU4="},
    {6, "2607:f8b0:400c:c03::1a", "2001:470:e5bf:dead:4957:2174:e82c:4887", 25, 63943, 0, "1:/qFaeAR+gFe1KYjMzVDsMv+wgU4="},
    {132, "192.168.170.8", "192.168.170.56", 7, 7, 0, "1:MP2EtRCAUIZvTw6MxJHLV7N7JDs="},
    {132, "192.168.170.56", "192.168.170.8", 7, 7, 0, "1:MP2EtRCAUIZvTw6MxJHLV7N7JDs="},
    {6, "128.232.110.120", "66.35.250.204", 34855, 80, 0, "1:LQU9qZlK+B5F3KDmev6m5PMibrg="},
    {6, "66.35.250.204", "128.232.110.120", 80, 34855, 0, "1:LQU9qZlK+B5F3KDmev6m5PMibrg="},
    {17, "192.168.1.52", "8.8.8.8", 54585, 53, 0, "1:d/FP5EW3wiY1vCndhwleRRKHowQ="},
    {17, "8.8.8.8", "192.168.1.52", 53, 54585, 0, "1:d/FP5EW3wiY1vCndhwleRRKHowQ="},
    {46, "10.1.12.1", "10.1.12.2", std::nullopt, std::nullopt, 0, "1:KHlLkgoJW7ifUTyTSgyVfkFHzKw="},
    {46, "10.1.12.2", "10.1.12.1", std::nullopt, std::nullopt, 0, "1:KHlLkgoJW7ifUTyTSgyVfkFHzKw="},
    {58, "fe80::200:86ff:fe05:80da", "fe80::260:97ff:fe07:69ea", 135, 136, 1, "1:kHa1FhMYIT6Ym2Vm2AOtoOARDzY="},
    {58, "fe80::260:97ff:fe07:69ea", "fe80::200:86ff:fe05:80da", 136, 135, 1, "1:kHa1FhMYIT6Ym2Vm2AOtoOARDzY="},
    {58, "fe80::260:97ff:fe07:69ea", "fe80::200:86ff:fe05:80da", 135, 136, 1, "1:2hSqmsDZ2kdcY9kbiUzOEBic0iM="},
    {58, "fe80::200:86ff:fe05:80da", "fe80::260:97ff:fe07:69ea", 136, 135, 1, "1:2hSqmsDZ2kdcY9kbiUzOEBic0iM="},
    {58, "3ffe:501:1800:2345::2", "3ffe:507:0:1:200:86ff:fe05:80da", 3, 0, 1, "1:lVEtCZpYu84Xqaa++3lXFyuu2n4="},
    {58, "3ffe:501:410:0:2c0:dfff:fe47:33e", "3ffe:507:0:1:200:86ff:fe05:80da", 1, 4, 1, "1:W8MHwXpWzpoSTD+cGcaJr4u0ys8="},
    {58, "3ffe:507:0:1:200:86ff:fe05:80da", "3ffe:501:0:1001::2", 128, 129, 1, "1:GfZxjAkDk2MkegpBYHV6tadtFXQ="},
    {58, "3ffe:501:0:1001::2", "3ffe:507:0:1:200:86ff:fe05:80da", 129, 128, 1, "1:GfZxjAkDk2MkegpBYHV6tadtFXQ="},
    {58, "fe80::200:86ff:fe05:80da", "ff02::2", 133, 134, 1, "1:L7Ka0ZMYu+J3bL4ulW2PrqyXNo8="},
    {58, "fe80::260:97ff:fe07:69ea", "ff02::1", 134, 133, 1, "1:K/ee5UCqAMAQXDorP5nSa2CGLjc="},
    {1, "192.168.0.89", "192.168.0.1", 8, 0, 1, "1:03g6IloqVBdcZlPyX8r0hgoE7kA="},
    {1, "192.168.0.1", "192.168.0.89", 0, 8, 1, "1:03g6IloqVBdcZlPyX8r0hgoE7kA="},
    {1, "10.0.0.1", "10.0.0.2", 11, 0, 1, "1:XjUibYHaafLQ3pxQeiMI8g25q20="},
    {6, "2001:470:e5bf:dead:4957:2174:e82c:4887", "2607:f8b0:400c:c03::1a", 63943, 25, 1, "1:eJYTW6AOzFLlSUoESovMjnu7rMw="},
    {6, "2607:f8b0:400c:c03::1a", "2001:470:e5bf:dead:4957:2174:e82c:4887", 25, 63943, 1, "1:eJYTW6AOzFLlSUoESovMjnu7rMw="},
    {132, "192.168.170.8", "192.168.170.56", 7, 7, 1, "1:5w3ZRjeKBzqT3zsaEECDGjUbYeg="},
    {132, "192.168.170.56", "192.168.170.8", 7, 7, 1, "1:5w3ZRjeKBzqT3zsaEECDGjUbYeg="},
    {6, "128.232.110.120", "66.35.250.204", 34855, 80, 1, "1:3V71V58M3Ksw/yuFALMcW0LAHvc="},
    {6, "66.35.250.204", "128.232.110.120", 80, 34855, 1, "1:3V71V58M3Ksw/yuFALMcW0LAHvc="},
    {17, "192.168.1.52", "8.8.8.8", 54585, 53, 1, "1:Q9We8WO3piVF8yEQBNJF4uiSVrI="},
    {17, "8.8.8.8", "192.168.1.52", 53, 54585, 1, "1:Q9We8WO3piVF8yEQBNJF4uiSVrI="},
    {46, "10.1.12.1", "10.1.12.2", std::nullopt, std::nullopt, 1, "1:rYir8gphR31noO9iDRQmF/BteEI="},
    {46, "10.1.12.2", "10.1.12.1", std::nullopt, std::nullopt, 1, "1:rYir8gphR31noO9iDRQmF/BteEI="},
};

std::string sql_port(const std::optional<std::int64_t>& p) { return p ? std::to_string(*p) : "NULL"; }

TEST(CommunityId, SpecBaselineVectorsPure) {
  for (const auto& v : k_spec_vectors) {
    const auto r = db::osquery::community_id_v1(v.saddr, v.daddr, v.sport, v.dport, v.proto, v.seed);
    EXPECT_EQ(r.error, nullptr) << v.saddr << " " << v.daddr;
    EXPECT_EQ(r.id, v.id) << "proto " << v.proto << " " << v.saddr << ":" << sql_port(v.sport) << " -> " << v.daddr
                          << ":" << sql_port(v.dport) << " seed " << v.seed;
  }
}

TEST(CommunityId, SpecBaselineVectorsInSql) {
  db::Connection c(":memory:", db::Connection::Mode::read_write_create);
  for (const auto& v : k_spec_vectors) {
    const std::string expr = "community_id_v1('" + std::string(v.saddr) + "', '" + v.daddr + "', " +
                             sql_port(v.sport) + ", " + sql_port(v.dport) + ", " + std::to_string(v.proto) + ", " +
                             std::to_string(v.seed) + ")";
    const auto r = sqltest::eval_on(c, expr);
    EXPECT_EQ(r.text, v.id) << expr << (r.failed() ? ": " + r.error : "");
  }
}

TEST(CommunityId, SpecReadmeTable) {
  // The spec README's "Default settings" table.
  EXPECT_EQ(eval("community_id_v1('1.2.3.4', '5.6.7.8', 1122, 3344, 6)").text, "1:wCb3OG7yAFWelaUydu0D+125CLM=");
  EXPECT_EQ(eval("community_id_v1('5.6.7.8', '1.2.3.4', 3344, 1122, 6)").text, "1:wCb3OG7yAFWelaUydu0D+125CLM=");
  EXPECT_EQ(eval("community_id_v1('1.2.3.4', '5.6.7.8', 1122, 3344, 17)").text, "1:0Mu9InQx6z4ZiCZM/7HXi2WMhOg=");
  EXPECT_EQ(eval("community_id_v1('1.2.3.4', '5.6.7.8', 1122, 3344, 132)").text, "1:EKt4MsxuyaE6mL+hmrEkQ9csDD8=");
  EXPECT_EQ(eval("community_id_v1('1.2.3.4', '5.6.7.8', 8, 0, 1)").text, "1:crodRHL2FEsHjbv3UkRrfbs4bZ0=");
  EXPECT_EQ(eval("community_id_v1('5.6.7.8', '1.2.3.4', 0, 0, 1)").text, "1:crodRHL2FEsHjbv3UkRrfbs4bZ0=");
  EXPECT_EQ(eval("community_id_v1('1.2.3.4', '5.6.7.8', 11, 0, 1)").text, "1:f/YiSyWqczrTgfUCZlBUnvHRcPk=");
  EXPECT_EQ(eval("community_id_v1('fe80:0001:0203:0405:0607:0809:0A0B:0C0D', 'fe80:1011:1213:1415:1617:1819:1A1B:1C1D', "
                 "128, 0, 58)").text,
            "1:0bf7hyMJUwt3fMED7z8LIfRpBeo=");
  EXPECT_EQ(eval("community_id_v1('fe80:1011:1213:1415:1617:1819:1A1B:1C1D', 'fe80:0001:0203:0405:0607:0809:0A0B:0C0D', "
                 "129, 0, 58)").text,
            "1:0bf7hyMJUwt3fMED7z8LIfRpBeo=");
  EXPECT_EQ(eval("community_id_v1('fe80:0001:0203:0405:0607:0809:0A0B:0C0D', 'fe80:1011:1213:1415:1617:1819:1A1B:1C1D', "
                 "146, 0, 58)").text,
            "1:fYC8+pz24E+EhANP1EZhpX0Dw10=");
  EXPECT_EQ(eval("community_id_v1('1.2.3.4', '5.6.7.8', NULL, NULL, 46)").text, "1:ikv3kmf89luf73WPz1jOs49S768=");
  EXPECT_EQ(eval("community_id_v1('5.6.7.8', '1.2.3.4', NULL, NULL, 46)").text, "1:ikv3kmf89luf73WPz1jOs49S768=");
}

TEST(CommunityId, OsqueryDocumentedExamplesAndTests) {
  EXPECT_EQ(eval("community_id_v1('66.35.250.204', '128.232.110.120', 80, 34855, 6)").text,
            "1:LQU9qZlK+B5F3KDmev6m5PMibrg=");
  EXPECT_EQ(eval("community_id_v1('128.232.110.120', '66.35.250.204', 34855, 80, 6)").text,
            "1:LQU9qZlK+B5F3KDmev6m5PMibrg=");
  EXPECT_EQ(eval("community_id_v1('66.35.250.204', '2001:0:3238:DFE1:63::FEFB', 80, 2347, 6)").text,
            "1:rxU6O+b2d9kbSWjRmVDoBbowx6g=");
  EXPECT_EQ(eval("community_id_v1('66.35.250.204', '2001:0:3238:DFE1:63::FEFB', 80, 2347, 6, 37)").text,
            "1:jmJ2ORP31di4mtsQPIKzyoEb3yo=");
  EXPECT_EQ(eval("community_id_v1('192.168.1.52', '8.8.8.8', 54585, 53, 17, 0)").text, "1:d/FP5EW3wiY1vCndhwleRRKHowQ=");
  EXPECT_EQ(eval("community_id_v1('8.8.8.8', '192.168.1.52', 53, 54585, 17, 1)").text, "1:Q9We8WO3piVF8yEQBNJF4uiSVrI=");
  EXPECT_EQ(eval("community_id_v1('127.0.0.1', 'fe80::14b0:de4a:f8e8:522f', 1, 2, 6)").text,
            eval("community_id_v1('fe80::14b0:de4a:f8e8:522f', '127.0.0.1', 2, 1, 6)").text);
}

TEST(CommunityId, ErrorsAreNullOrStrictErrors) {
  const char* bad[][2] = {
      {"'192.168.1.52', 'foo', 10, 53, 17, 0", "Community ID daddr cannot be parsed as IP"},
      {"'foo', '192.168.1.52', 10, 53, 17", "Community ID saddr cannot be parsed as IP"},
      {"'192.168.1.52', '192.168.1.1', 10, 53, 17, 'x'", "Community ID seed must be an integer"},
      {"'192.168.1.52', '192.168.1.1', 10, 53, 17, 70000", "Community ID seed must fit in 2 bytes"},
      {"'192.168.1.52', '192.168.1.1', 10, 70000, 17", "Community ID ports must fit in 2 bytes"},
      {"'192.168.1.52', '192.168.1.1', -1, 53, 17", "Community ID ports must fit in 2 bytes"},
      {"'192.168.1.52', '192.168.1.1', '10', 53, 17", "Community ID ports must be integers"},
      {"'192.168.1.52', '192.168.1.1', NULL, 53, 6", "Community ID ports must be integers"},
      {"'192.168.1.52', '192.168.1.1', 10, 53, 256", "Community ID protocol must fit in 1 byte"},
      {"'192.168.1.52', '192.168.1.1', 10, 53, 'tcp'", "Community ID protocol must be an integer"},
      {"1, '192.168.1.1', 10, 53, 6", "Community ID IPs must be strings"},
      {"NULL, '192.168.1.1', 10, 53, 6", "Community ID IPs must be strings"},
      {"'', '192.168.1.1', 10, 53, 6", "Community ID saddr cannot be parsed as IP"},
  };
  for (const auto& [args, msg] : bad) {
    const auto lenient = eval(std::string("community_id_v1(") + args + ")");
    EXPECT_TRUE(lenient.is_null()) << args;
    const auto strict = eval(std::string("community_id_v1_strict(") + args + ")");
    EXPECT_TRUE(strict.failed()) << args;
    EXPECT_EQ(strict.error, msg) << args;
  }
  EXPECT_EQ(eval("community_id_v1_strict('1.2.3.4', '5.6.7.8', 1122, 3344, 6)").text, "1:wCb3OG7yAFWelaUydu0D+125CLM=");
}

}  // namespace
}  // namespace procsnap
