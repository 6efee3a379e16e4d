// "Testland": a small governance graph built in code for the rule tests.
//
//   spf (national_forum) <- spf-tpg (subgroup, staff_transfer, from 2021-04-01)
//   staff-council (negotiating_body)
//   RA (region): RA-spf (regional_forum, meets 2nd Tue every 2 months), RA-rpb
//                (regional_people_board) <- RA-edi (subgroup, workforce_plan)
//     S1: S1-forum (lead union unison from 2026-01-01), S1-pb <- S1-pb-sub
//         (subgroup, new_technology, [2026-01-01, 2026-07-01))
//         E1, E2, E7 (E7 is also in S2: an ambulance trust)
//     S2: S2-forum (lead unions rcn and gmb), S2-pb
//         E3; E5 until 2026-04-01, then E6 which succeeds it; E7
//   RB (region): RB-spf
//     S3: S3-forum, S3-pb; E4
//   E8: an employer in no system; E9 ended 2026-03-01, succeeded by E10
//   from 2026-04-01 (a gap); E11 ended 2026-02-01 with no successor;
//   E12 has no jncc.
#pragma once

#include <spfgov/typed_builder.hpp>

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace testland {

using namespace spfgov;
using bk = body_kind;
using rl = relation;

/// A file's whole text (the test fails if it cannot be opened).
inline std::string slurp(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    REQUIRE(in);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

inline date d(int y, int m, int day) {
    return date(static_cast<unsigned short>(y), static_cast<unsigned short>(m), static_cast<unsigned short>(day));
}
inline validity from(date f) { return {f, date(boost::date_time::pos_infin)}; }
inline validity until(date t) { return {date(boost::date_time::neg_infin), t}; }
inline validity between(date f, date t) { return {f, t}; }

inline body make_body(std::string id, std::string name, validity v = {}) {
    body b;
    b.id = std::move(id);
    b.name = std::move(name);
    b.valid = v;
    return b;
}

struct options {
    bool explicit_override = false;  ///< E4-jncc escalates_to S1-forum explicitly
    bool cycle = false;              ///< RA-spf <-> RB-spf escalation cycle (extended table)
};

inline governance_graph build(options opt = {}) {
    typed_builder b;
    auto spf = b.add<bk::national_forum>("spf", "Social Partnership Forum");
    auto council = b.add<bk::negotiating_body>("staff-council", "NHS Staff Council");
    body tpg_body = make_body("spf-tpg", "ICS Transition Partnership Group", from(d(2021, 4, 1)));
    tpg_body.remit = {issue_kind::staff_transfer};
    tpg_body.has_remit = true;
    auto tpg = b.add<bk::subgroup>(tpg_body);
    b.link<rl::subgroup_of>(tpg, spf);
    (void)council;

    auto ra = b.add<bk::region>("RA", "Region A");
    auto rb = b.add<bk::region>("RB", "Region B");
    body ra_spf_body = make_body("RA-spf", "Region A SPF");
    ra_spf_body.meets = meeting_spec{"FREQ=MONTHLY;INTERVAL=2;BYDAY=2TU", d(2026, 1, 13), spfgov::working_days{5}};
    auto ra_spf = b.add<bk::regional_forum>(ra_spf_body);
    b.link<rl::committee_of>(ra_spf, ra);
    auto rb_spf = b.add<bk::regional_forum>("RB-spf", "Region B SPF");
    b.link<rl::committee_of>(rb_spf, rb);
    auto ra_rpb = b.add<bk::regional_people_board>("RA-rpb", "Region A people board");
    b.link<rl::committee_of>(ra_rpb, ra);
    body edi = make_body("RA-edi", "Region A EDI sub-group");
    edi.remit = {issue_kind::workforce_plan};
    edi.has_remit = true;
    b.link<rl::subgroup_of>(b.add<bk::subgroup>(edi), ra_rpb);

    auto system = [&](const char* id, typed_body<bk::region> region) {
        auto s = b.add<bk::system>(id, std::string("System ") + id);
        b.link<rl::part_of>(s, region);
        auto f = b.add<bk::system_forum>(std::string(id) + "-forum");
        b.link<rl::committee_of>(f, s);
        auto pb = b.add<bk::people_board>(std::string(id) + "-pb");
        b.link<rl::committee_of>(pb, s);
        return std::tuple{s, f, pb};
    };
    auto [s1, s1_forum, s1_pb] = system("S1", ra);
    auto [s2, s2_forum, s2_pb] = system("S2", ra);
    auto [s3, s3_forum, s3_pb] = system("S3", rb);
    (void)s3_forum;
    (void)s2_pb;
    (void)s3_pb;
    body sub = make_body("S1-pb-sub", "S1 digital sub-group", between(d(2026, 1, 1), d(2026, 7, 1)));
    sub.remit = {issue_kind::new_technology};
    sub.has_remit = true;
    b.link<rl::subgroup_of>(b.add<bk::subgroup>(sub), s1_pb);

    auto employer = [&](const char* id, validity v, bool with_jncc = true) {
        body e = make_body(id, std::string("Employer ") + id, v);
        e.sector = sector::nhs_trust;
        auto h = b.add<bk::employer>(e);
        if (with_jncc) {
            auto j = b.add<bk::jncc>(std::string(id) + "-jncc", {}, v);
            b.link<rl::committee_of>(j, h);
        }
        return h;
    };
    const validity always;
    auto e1 = employer("E1", always), e2 = employer("E2", always), e3 = employer("E3", always),
         e4 = employer("E4", always), e7 = employer("E7", always);
    b.link<rl::part_of>(e1, s1);
    b.link<rl::part_of>(e2, s1);
    b.link<rl::part_of>(e3, s2);
    b.link<rl::part_of>(e4, s3);
    b.link<rl::part_of>(e7, s1);
    b.link<rl::part_of>(e7, s2);
    auto e5 = employer("E5", until(d(2026, 4, 1)));
    auto e6 = employer("E6", from(d(2026, 4, 1)));
    b.link<rl::part_of>(e5, s2);
    b.link<rl::part_of>(e6, s2);
    b.link<rl::succeeds>(e6, e5);
    employer("E8", always);
    auto e9 = employer("E9", until(d(2026, 3, 1)));
    auto e10 = employer("E10", from(d(2026, 4, 1)));
    b.link<rl::part_of>(e9, s3);
    b.link<rl::part_of>(e10, s3);
    b.link<rl::succeeds>(e10, e9);
    auto e11 = employer("E11", until(d(2026, 2, 1)));
    b.link<rl::part_of>(e11, s3);
    auto e12 = employer("E12", always, false);
    b.link<rl::part_of>(e12, s3);

    auto unison = b.add<bk::trade_union>("unison", "UNISON");
    auto rcn = b.add<bk::trade_union>("rcn", "RCN");
    auto gmb = b.add<bk::trade_union>("gmb", "GMB");
    b.link<rl::lead_union>(unison, s1_forum, from(d(2026, 1, 1)));
    b.link<rl::lead_union>(rcn, s2_forum);
    b.link<rl::lead_union>(gmb, s2_forum);
    b.link<rl::recognises>(e1, unison);

    if (opt.explicit_override) {
        spfgov::link_data l;
        l.rel = rl::escalates_to;
        b.untyped().add_link("E4-jncc", "S1-forum", l);
    }
    if (opt.cycle) {
        b.untyped().allow({rl::escalates_to, bk::regional_forum, bk::regional_forum});
        spfgov::link_data l;
        l.rel = rl::escalates_to;
        b.untyped().add_link("RA-spf", "RB-spf", l);
        b.untyped().add_link("RB-spf", "RA-spf", l);
    }
    (void)tpg;
    (void)e2;
    (void)e3;
    return std::move(b).build();
}

/// One Testland graph for the whole test binary (graphs are immutable, so sharing is safe).
inline const governance_graph& shared() {
    static const governance_graph g = build();
    return g;
}

} // namespace testland

namespace doctest {
template <> struct StringMaker<std::vector<std::string>> {
    static String convert(const std::vector<std::string>& v) {
        std::string s = "{";
        for (const auto& x : v) s += (s.size() > 1 ? ", " : "") + x;
        return (s + "}").c_str();
    }
};
template <> struct StringMaker<std::vector<std::vector<std::string>>> {
    static String convert(const std::vector<std::vector<std::string>>& v) {
        std::string s = "[";
        for (const auto& x : v) s += StringMaker<std::vector<std::string>>::convert(x).c_str();
        return (s + "]").c_str();
    }
};
} // namespace doctest
