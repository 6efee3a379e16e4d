// Synthetic national-scale governance graphs and issue mixes (generate.hpp).
//
// Determinism: every random choice comes from std::mt19937_64, whose output
// sequence the standard fixes, mapped to ranges by this file's own integer
// arithmetic (std:: distributions differ between standard libraries). No
// floating point enters a choice except `ended_fraction * employers`, one
// IEEE multiplication. So one seed gives the same graph and the same issues
// on every platform.
//
// Shape of a generated graph (ids in brackets):
//   national forum [spf] with sub-groups [spf-tpg] (staff_transfer, from
//   2021-04-01), [spf-wig] (workforce issues) and the ended [spf-francis];
//   negotiating body [nhs-staff-council]; unions [unison] [rcn] [unite] [gmb];
//   7 regions [Y56] [Y58]..[Y63] with [<region>-spf] and [<region>-people-board];
//   42 systems [S01]..[S42] with [<system>-forum], [<system>-people-board]
//   (explicitly escalating to its regional forum), the ICB [<system>-icb]
//   (from 2022-07-01) and [<system>-icb-jncc]; some people-board sub-groups;
//   N employers [E00001].. with skewed sizes (kept as {"staff":N} in
//   body::extra) and sectors, in systems weighted Zipf-like, each with
//   [<employer>-jncc]; a few employers also in a second system of the same
//   region (ambulance trusts, county councils); a fraction ended on the 1st of
//   a month in 2023-2026 and succeeded (merger: two ended, one new; split: one
//   ended, two new) by new employers numbered after the N, with their own
//   JNCCs from the same day.
#include "spfgov/generate.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <random>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>

namespace spfgov {

namespace {

using bk = body_kind;
using rl = relation;

// ------------------------------------------------------------ randomness

/// Raw bits from mt19937_64, mapped to ranges without std:: distributions.
class rng {
public:
    explicit rng(std::uint64_t seed, std::uint64_t stream) : engine_(mix(seed, stream)) {}

    /// Uniform in [0, n); n > 0. Rejection keeps it exactly uniform.
    std::uint64_t below(std::uint64_t n) {
        if (n <= 1) return 0;
        const std::uint64_t threshold = (0 - n) % n;  // 2^64 mod n
        for (;;) {
            const std::uint64_t x = engine_();
            if (x >= threshold) return x % n;
        }
    }
    /// Uniform in [lo, hi].
    int between(int lo, int hi) {
        return lo + static_cast<int>(below(static_cast<std::uint64_t>(hi - lo) + 1));
    }
    std::size_t index(std::size_t n) { return static_cast<std::size_t>(below(n)); }
    /// True with probability per_mille / 1000.
    bool chance(unsigned per_mille) { return below(1000) < per_mille; }

private:
    // splitmix64 of seed and stream, so that streams are independent.
    static std::uint64_t mix(std::uint64_t seed, std::uint64_t stream) {
        std::uint64_t z = seed + 0x9E3779B97F4A7C15ull * (stream + 1);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
        return z ^ (z >> 31);
    }
    std::mt19937_64 engine_;
};

/// Index into a table of integer weights (cumulative, last = total).
std::size_t pick_cumulative(rng& r, const std::vector<std::uint64_t>& cumulative) {
    const std::uint64_t x = r.below(cumulative.back());
    return static_cast<std::size_t>(std::upper_bound(cumulative.begin(), cumulative.end(), x) - cumulative.begin());
}

template <std::size_t N>
std::size_t pick_weighted(rng& r, const std::array<unsigned, N>& weights) {
    unsigned total = 0;
    for (auto w : weights) total += w;
    auto x = static_cast<unsigned>(r.below(total));
    for (std::size_t i = 0; i < N; ++i) {
        if (x < weights[i]) return i;
        x -= weights[i];
    }
    return N - 1;
}

std::string padded(std::size_t n, std::size_t width) {
    std::string digits = std::to_string(n);
    if (digits.size() < width) digits.insert(0, width - digits.size(), '0');
    return digits;
}

// ------------------------------------------------------------ fixed structure

struct region_spec {
    std::string_view id, name;
    int systems;
    const char* meets;  ///< meeting rule or nullptr
    const char* meets_start;
};

// The seven NHS England regions (their ODS codes), with 42 systems between
// them as in England. Four regional forums have a meeting rule.
constexpr std::array<region_spec, 7> region_specs{{
    {"Y56", "London", 5, "FREQ=MONTHLY;BYDAY=2TU", "2024-01-09"},
    {"Y58", "South West", 7, nullptr, nullptr},
    {"Y59", "South East", 6, "FREQ=MONTHLY;INTERVAL=2;BYDAY=3WE", "2024-01-17"},
    {"Y60", "Midlands", 11, "FREQ=MONTHLY;INTERVAL=2;BYDAY=2TU", "2024-01-09"},
    {"Y61", "East of England", 6, nullptr, nullptr},
    {"Y62", "North West", 3, "FREQ=MONTHLY;BYDAY=-1TH", "2024-01-25"},
    {"Y63", "North East and Yorkshire", 4, nullptr, nullptr},
}};
constexpr std::size_t system_count = 42;

constexpr std::array<std::string_view, 4> union_ids{"gmb", "rcn", "unison", "unite"};
constexpr std::array<std::string_view, 4> union_names{"GMB", "Royal College of Nursing", "UNISON", "Unite the Union"};
enum union_ix : std::uint8_t { gmb, rcn, unison, unite };

// Sectors of the N employers (per mille) and their staff ranges.
struct sector_spec {
    sector s;
    unsigned per_mille;
    std::uint32_t staff_lo, staff_hi;
};
constexpr std::array<sector_spec, 9> sector_specs{{
    {sector::primary_care, 400, 4, 90},
    {sector::independent, 200, 10, 3000},
    {sector::voluntary, 120, 3, 600},
    {sector::social_enterprise, 60, 20, 1500},
    {sector::local_authority, 50, 800, 9000},
    {sector::nhs_trust, 60, 1500, 12000},
    {sector::foundation_trust, 60, 2000, 20000},
    {sector::csu, 10, 300, 2500},
    {sector::other, 40, 3, 400},
}};

date ymd(int y, int m, int d) {
    return date(static_cast<unsigned short>(y), static_cast<unsigned short>(m), static_cast<unsigned short>(d));
}

validity from_date(date d) { return validity{d, date(boost::date_time::pos_infin)}; }

// ------------------------------------------------------------ emitting

class emitter {
public:
    void add(std::string id, body_kind kind, std::string name = {}, validity valid = {}) {
        body b;
        b.id = std::move(id);
        b.kind = kind;
        b.name = std::move(name);
        b.valid = valid;
        add(std::move(b));
    }
    void add(body b) { (void)builder_.add_body(std::move(b)); }

    /// A structural-field link (`system`, `region`, `employer`, `parent`,
    /// `succeeds`): the relation table is checked at compile time.
    template <relation Rel, body_kind From, body_kind To>
        requires allowed_link<Rel, From, To>
    void structural(std::string from, std::string to) {
        link_data l;
        l.rel = Rel;
        l.origin = link_origin::structural_field;
        builder_.add_link(std::move(from), std::move(to), std::move(l));
    }
    /// An explicit link, checked at compile time.
    template <relation Rel, body_kind From, body_kind To>
        requires allowed_link<Rel, From, To>
    void explicit_link(std::string from, std::string to, validity valid = {}) {
        link_data l;
        l.rel = Rel;
        l.valid = valid;
        l.origin = link_origin::explicit_link;
        builder_.add_link(std::move(from), std::move(to), std::move(l));
    }

    governance_graph build() && { return std::move(builder_).build_or_throw(); }

private:
    graph_builder builder_;
};

// One planned employer (before ids are written).
struct planned_employer {
    std::uint32_t staff = 0;
    std::uint16_t system = 0;
    std::uint16_t second_system = no_system;
    sector sec = sector::other;
    bool ended = false;
    date valid_from{boost::date_time::neg_infin};
    date valid_to{boost::date_time::pos_infin};
    std::uint32_t pred_first = 0, pred_count = 0;  ///< successors: their predecessors in `preds`
    static constexpr std::uint16_t no_system = 0xFFFF;
};

void recognitions(rng& r, sector s, std::vector<std::string_view>& out) {
    out.clear();
    switch (s) {
    case sector::nhs_trust:
    case sector::foundation_trust:
    case sector::icb:
    case sector::csu:
    case sector::ccg:
        out.assign(union_ids.begin(), union_ids.end());
        break;
    case sector::local_authority:
        out = {union_ids[gmb], union_ids[unison], union_ids[unite]};
        break;
    case sector::primary_care:
        if (r.chance(400)) out.push_back(union_ids[rcn]);
        break;
    case sector::independent:
        if (r.chance(300)) out.push_back(union_ids[gmb]);
        if (r.chance(500)) out.push_back(union_ids[unison]);
        break;
    case sector::social_enterprise:
        if (r.chance(600)) {
            out.push_back(union_ids[rcn]);
            out.push_back(union_ids[unison]);
        }
        break;
    case sector::voluntary:
        if (r.chance(500)) out.push_back(union_ids[unison]);
        break;
    case sector::other:
        if (r.chance(300)) out.push_back(union_ids[unite]);
        break;
    }
}

std::string staff_extra(std::uint32_t staff) { return "{\"staff\":" + std::to_string(staff) + "}"; }

} // namespace

// ------------------------------------------------------------ generate_graph

governance_graph generate_graph(const generator_options& options) {
    const std::size_t n = options.employers;
    rng structure(options.seed, 1), people(options.seed, 2), ending(options.seed, 3), links(options.seed, 4);

    // Systems: region of each, and an uneven (Zipf-like) share of employers:
    // weight 1/(rank + 4) over a seeded shuffle of ranks, so the largest
    // system is about 11 times the smallest.
    std::array<std::size_t, system_count> system_region{};
    std::vector<std::vector<std::uint16_t>> region_systems(region_specs.size());
    {
        std::size_t s = 0;
        for (std::size_t r = 0; r < region_specs.size(); ++r)
            for (int k = 0; k < region_specs[r].systems; ++k, ++s) {
                system_region[s] = r;
                region_systems[r].push_back(static_cast<std::uint16_t>(s));
            }
    }
    std::array<std::size_t, system_count> rank{};
    for (std::size_t s = 0; s < system_count; ++s) rank[s] = s;
    for (std::size_t s = system_count - 1; s > 0; --s) std::swap(rank[s], rank[structure.index(s + 1)]);
    std::vector<std::uint64_t> system_cumulative(system_count);
    {
        std::uint64_t total = 0;
        for (std::size_t s = 0; s < system_count; ++s) {
            total += 1'000'000 / (rank[s] + 4);
            system_cumulative[s] = total;
        }
    }

    // Plan the N employers.
    std::vector<planned_employer> emp(n);
    std::vector<std::vector<std::uint32_t>> system_members(system_count);
    std::array<unsigned, sector_specs.size()> sector_weights{};
    for (std::size_t k = 0; k < sector_specs.size(); ++k) sector_weights[k] = sector_specs[k].per_mille;
    for (std::size_t i = 0; i < n; ++i) {
        auto& e = emp[i];
        const auto& spec = sector_specs[pick_weighted(people, sector_weights)];
        e.sec = spec.s;
        // Skewed sizes: lo + (hi - lo) * u^3, u uniform in [0, 1).
        const std::uint64_t u = people.below(1000);
        e.staff = spec.staff_lo + static_cast<std::uint32_t>(
                                      static_cast<std::uint64_t>(spec.staff_hi - spec.staff_lo) * u * u * u / 1'000'000'000);
        // The first 42 employers go one to each system, so none is empty.
        e.system = static_cast<std::uint16_t>(i < system_count ? i : pick_cumulative(people, system_cumulative));
        const auto& siblings = region_systems[system_region[e.system]];
        if (i >= system_count && (e.sec == sector::nhs_trust || e.sec == sector::local_authority) && siblings.size() > 1 &&
            people.chance(50)) {
            // Another system of the same region (an ambulance trust, a county council).
            const auto own = static_cast<std::size_t>(std::find(siblings.begin(), siblings.end(), e.system) - siblings.begin());
            std::size_t j = people.index(siblings.size() - 1);
            if (j >= own) ++j;
            e.second_system = siblings[j];
        }
        system_members[e.system].push_back(static_cast<std::uint32_t>(i));
    }

    // Plan endings: mergers (two ended, one new) and splits (one ended, two new).
    std::vector<planned_employer> successors;
    std::vector<std::uint32_t> preds;
    {
        const auto target = static_cast<std::size_t>(options.ended_fraction * static_cast<double>(n));
        std::size_t ended = 0;
        auto usable = [&](std::uint32_t i) { return !emp[i].ended && emp[i].second_system == planned_employer::no_system; };
        auto end_date = [&] {
            const int year = ending.between(2023, 2026);
            const int month = ending.chance(500) ? (ending.chance(500) ? 4 : 10) : ending.between(1, 12);
            return ymd(year, month, 1);
        };
        for (std::size_t attempt = 0; ended < target && attempt < 20 * target + 20; ++attempt) {
            const auto a = static_cast<std::uint32_t>(ending.index(n));
            if (!usable(a)) continue;
            const date d = end_date();
            const auto& members = system_members[emp[a].system];
            std::uint32_t b = a;
            if (target - ended >= 2 && ending.chance(500))
                for (int tries = 0; tries < 8 && b == a; ++tries) {
                    const auto c = members[ending.index(members.size())];
                    if (c != a && usable(c)) b = c;
                }
            const auto first_pred = static_cast<std::uint32_t>(preds.size());
            preds.push_back(a);
            if (b != a) preds.push_back(b);
            for (std::uint32_t k = first_pred; k < preds.size(); ++k) {
                emp[preds[k]].ended = true;
                emp[preds[k]].valid_to = d;
                ++ended;
            }
            const auto pred_count = static_cast<std::uint32_t>(preds.size()) - first_pred;
            const int new_bodies = pred_count == 2 ? 1 : 2;  // merger or split
            std::uint32_t staff = 0;
            for (std::uint32_t k = first_pred; k < preds.size(); ++k) staff += emp[preds[k]].staff;
            for (int k = 0; k < new_bodies; ++k) {
                planned_employer s;
                s.sec = emp[a].sec;
                s.system = emp[a].system;
                s.staff = std::max<std::uint32_t>(1, staff / static_cast<std::uint32_t>(new_bodies));
                s.valid_from = d;
                s.pred_first = first_pred;
                s.pred_count = pred_count;
                successors.push_back(s);
            }
        }
    }

    const std::size_t total_employers = n + successors.size();
    const std::size_t width = std::max<std::size_t>(5, std::to_string(total_employers).size());
    auto employer_id = [&](std::size_t i) { return "E" + padded(i + 1, width); };
    auto system_id = [](std::size_t s) { return "S" + padded(s + 1, 2); };

    emitter out;

    // National level.
    {
        body spf;
        spf.id = "spf";
        spf.kind = bk::national_forum;
        spf.name = "Social Partnership Forum";
        spf.meets = meeting_spec{"FREQ=MONTHLY;INTERVAL=3;BYDAY=1WE", ymd(2024, 1, 3), working_days{10}};
        out.add(std::move(spf));
    }
    auto subgroup = [&](std::string id, std::string name, std::string parent, issue_kind_set remit, validity v, auto parent_kind) {
        body b;
        b.id = id;
        b.kind = bk::subgroup;
        b.name = std::move(name);
        b.remit = remit;
        b.has_remit = true;
        b.valid = v;
        out.add(std::move(b));
        out.structural<rl::subgroup_of, bk::subgroup, decltype(parent_kind)::value>(std::move(id), std::move(parent));
    };
    using nf_kind = std::integral_constant<body_kind, bk::national_forum>;
    using rpb_kind = std::integral_constant<body_kind, bk::regional_people_board>;
    using pb_kind = std::integral_constant<body_kind, bk::people_board>;
    subgroup("spf-tpg", "ICS Transition Partnership Group", "spf", {issue_kind::staff_transfer}, from_date(ymd(2021, 4, 1)),
             nf_kind{});
    subgroup("spf-wig", "Workforce Issues Group", "spf", {issue_kind::workforce_plan, issue_kind::new_roles},
             from_date(ymd(2019, 4, 1)), nf_kind{});
    subgroup("spf-francis", "Francis sub-group", "spf", {issue_kind::policy, issue_kind::workforce_plan},
             validity{ymd(2013, 4, 1), ymd(2016, 4, 1)}, nf_kind{});
    out.add("nhs-staff-council", bk::negotiating_body, "NHS Staff Council");
    for (std::size_t u = 0; u < union_ids.size(); ++u)
        out.add(std::string(union_ids[u]), bk::trade_union, std::string(union_names[u]));

    // Regions.
    for (const auto& r : region_specs) {
        const std::string id{r.id};
        out.add(id, bk::region, std::string(r.name));
        body forum;
        forum.id = id + "-spf";
        forum.kind = bk::regional_forum;
        forum.name = std::string(r.name) + " Regional Social Partnership Forum";
        if (r.meets) forum.meets = meeting_spec{r.meets, *parse_iso_date(r.meets_start), working_days{5}};
        out.add(std::move(forum));
        out.structural<rl::committee_of, bk::regional_forum, bk::region>(id + "-spf", id);
        out.add(id + "-people-board", bk::regional_people_board, std::string(r.name) + " Regional People Board");
        out.structural<rl::committee_of, bk::regional_people_board, bk::region>(id + "-people-board", id);
    }
    subgroup("Y60-edi", "Midlands EDI sub-group", "Y60-people-board",
             {issue_kind::new_roles, issue_kind::role_change, issue_kind::workforce_plan}, from_date(ymd(2024, 4, 1)),
             rpb_kind{});

    // Systems: forums, people boards (with sub-groups), ICBs, lead unions.
    std::vector<std::string_view> recognised;
    for (std::size_t s = 0; s < system_count; ++s) {
        const std::string id = system_id(s);
        const std::string region{region_specs[system_region[s]].id};
        out.add(id, bk::system, "Integrated care system " + id);
        out.structural<rl::part_of, bk::system, bk::region>(id, region);

        body forum;
        forum.id = id + "-forum";
        forum.kind = bk::system_forum;
        forum.name = id + " system partnership forum";
        if (s % 3 == 1) forum.meets = meeting_spec{"FREQ=MONTHLY;BYDAY=1TH", ymd(2024, 1, 4), working_days{5}};
        if (s % 5 == 2) forum.meets = meeting_spec{"FREQ=MONTHLY;BYMONTHDAY=15", ymd(2024, 1, 15), working_days{3}};
        out.add(std::move(forum));
        out.structural<rl::committee_of, bk::system_forum, bk::system>(id + "-forum", id);

        out.add(id + "-people-board", bk::people_board, id + " ICS people board");
        out.structural<rl::committee_of, bk::people_board, bk::system>(id + "-people-board", id);
        out.explicit_link<rl::escalates_to, bk::people_board, bk::regional_forum>(id + "-people-board", region + "-spf");
        if (s % 4 == 1)
            subgroup(id + "-people-board-wtg", id + " workforce transformation group", id + "-people-board",
                     {issue_kind::workforce_plan, issue_kind::redeployment, issue_kind::new_roles},
                     s % 8 == 1 ? validity{ymd(2023, 4, 1), ymd(2025, 10, 1)} : from_date(ymd(2023, 4, 1)), pb_kind{});
        if (s % 4 == 3)
            subgroup(id + "-people-board-tpg", id + " transfers partnership group", id + "-people-board",
                     {issue_kind::staff_transfer}, from_date(ymd(2022, 7, 1)), pb_kind{});

        // ICBs were established on 1 July 2022.
        body icb;
        icb.id = id + "-icb";
        icb.kind = bk::employer;
        icb.name = "NHS " + id + " Integrated Care Board";
        icb.sector = sector::icb;
        icb.valid = from_date(ymd(2022, 7, 1));
        icb.extra = staff_extra(static_cast<std::uint32_t>(links.between(250, 900)));
        out.add(std::move(icb));
        out.structural<rl::part_of, bk::employer, bk::system>(id + "-icb", id);
        out.add(id + "-icb-jncc", bk::jncc, "NHS " + id + " ICB JNCC", from_date(ymd(2022, 7, 1)));
        out.structural<rl::committee_of, bk::jncc, bk::employer>(id + "-icb-jncc", id + "-icb");
        recognitions(links, sector::icb, recognised);
        for (auto u : recognised)
            out.explicit_link<rl::recognises, bk::employer, bk::trade_union>(id + "-icb", std::string(u));

        // A third of the system forums have a lead union; one hands over
        // from one union to another, one has two at once.
        if (s == 0) {
            out.explicit_link<rl::lead_union, bk::trade_union, bk::system_forum>(
                "unison", id + "-forum", validity{ymd(2023, 4, 1), ymd(2025, 4, 1)});
            out.explicit_link<rl::lead_union, bk::trade_union, bk::system_forum>("rcn", id + "-forum",
                                                                                from_date(ymd(2025, 4, 1)));
        } else if (s == 6) {
            out.explicit_link<rl::lead_union, bk::trade_union, bk::system_forum>("gmb", id + "-forum",
                                                                                from_date(ymd(2025, 1, 1)));
            out.explicit_link<rl::lead_union, bk::trade_union, bk::system_forum>("unite", id + "-forum",
                                                                                from_date(ymd(2025, 1, 1)));
        } else if (s % 3 == 0) {
            // Drawn one statement at a time: the order of a call's arguments is
            // unspecified (g++ drew the month first, clang the year), and the
            // same seed must give the same graph whichever compiler built it.
            const int month = links.chance(500) ? 4 : 10;
            const int year = links.between(2023, 2025);
            const date since = ymd(year, month, 1);
            out.explicit_link<rl::lead_union, bk::trade_union, bk::system_forum>(
                std::string(union_ids[links.index(union_ids.size())]), id + "-forum", from_date(since));
        }
    }

    // Employers, each with its JNCC; then the successors.
    auto emit_employer = [&](std::size_t i, const planned_employer& e) {
        const std::string id = employer_id(i);
        const validity v{e.valid_from, e.valid_to};
        body b;
        b.id = id;
        b.kind = bk::employer;
        b.sector = e.sec;
        b.valid = v;
        b.extra = staff_extra(e.staff);
        out.add(std::move(b));
        // A file's `system` field holds one system: a second one is a link.
        out.structural<rl::part_of, bk::employer, bk::system>(id, system_id(e.system));
        if (e.second_system != planned_employer::no_system)
            out.explicit_link<rl::part_of, bk::employer, bk::system>(id, system_id(e.second_system));
        out.add(id + "-jncc", bk::jncc, {}, v);
        out.structural<rl::committee_of, bk::jncc, bk::employer>(id + "-jncc", id);
        recognitions(links, e.sec, recognised);
        for (auto u : recognised) out.explicit_link<rl::recognises, bk::employer, bk::trade_union>(id, std::string(u));
        // Likewise `succeeds` names one body: a merger's second predecessor is a link.
        for (std::uint32_t k = 0; k < e.pred_count; ++k) {
            if (k == 0) out.structural<rl::succeeds, bk::employer, bk::employer>(id, employer_id(preds[e.pred_first]));
            else out.explicit_link<rl::succeeds, bk::employer, bk::employer>(id, employer_id(preds[e.pred_first + k]));
        }
    };
    for (std::size_t i = 0; i < n; ++i) emit_employer(i, emp[i]);
    for (std::size_t k = 0; k < successors.size(); ++k) emit_employer(n + k, successors[k]);

    return std::move(out).build();
}

// ------------------------------------------------------------ generate_issues

namespace {

std::uint32_t staff_of(const body& b) {
    // {"staff":N} as written by generate_graph (spacing tolerated).
    const auto at = b.extra.find("\"staff\"");
    if (at == std::string::npos) return 0;
    std::uint32_t v = 0;
    for (std::size_t i = at + 7; i < b.extra.size(); ++i) {
        const char c = b.extra[i];
        if (c >= '0' && c <= '9') v = v * 10 + static_cast<std::uint32_t>(c - '0');
        else if (v != 0 || (c != ':' && c != ' ')) break;
    }
    return v;
}

std::uint64_t isqrt(std::uint64_t x) {
    std::uint64_t r = 0;
    while ((r + 1) * (r + 1) <= x) ++r;
    return r;
}

// The graph's employers, systems and regions, for sampling.
struct population {
    struct employer_info {
        body_handle handle;
        validity valid;
        std::uint32_t staff;
        std::uint32_t system;  ///< first system (index into systems), or none
    };
    struct system_info {
        body_handle handle;
        std::uint32_t region = none;
        std::vector<std::uint32_t> members;        ///< employer indices
        std::vector<std::uint64_t> cumulative;     ///< their weights
    };
    struct region_info {
        body_handle handle;
        std::vector<std::uint32_t> systems;
    };
    static constexpr std::uint32_t none = 0xFFFFFFFF;

    std::vector<employer_info> employers;
    std::vector<std::uint64_t> cumulative;  ///< employer weights
    std::vector<system_info> systems;
    std::vector<region_info> regions;

    explicit population(const governance_graph& g) {
        std::vector<std::uint32_t> slot(g.body_count(), none);
        for (auto h : g.bodies()) {
            const body& b = g[h];
            if (b.kind == bk::employer) {
                slot[h.index()] = static_cast<std::uint32_t>(employers.size());
                std::uint32_t staff = staff_of(b);
                if (staff == 0) staff = b.sector == sector::nhs_trust || b.sector == sector::foundation_trust ? 4000 : 100;
                employers.push_back({h, b.valid, staff, none});
            } else if (b.kind == bk::system) {
                slot[h.index()] = static_cast<std::uint32_t>(systems.size());
                systems.push_back({h, none, {}, {}});
            } else if (b.kind == bk::region) {
                slot[h.index()] = static_cast<std::uint32_t>(regions.size());
                regions.push_back({h, {}});
            }
        }
        for (auto l : g.links()) {
            const link_data& data = g[l];
            if (data.rel != rl::part_of || data.origin == link_origin::derived) continue;
            const auto from = g.source(l), to = g.target(l);
            const auto fk = g[from].kind, tk = g[to].kind;
            if (fk == bk::employer && tk == bk::system) {
                auto& e = employers[slot[from.index()]];
                systems[slot[to.index()]].members.push_back(slot[from.index()]);
                if (e.system == none || slot[to.index()] < e.system) e.system = slot[to.index()];
            } else if (fk == bk::system && tk == bk::region) {
                auto& s = systems[slot[from.index()]];
                if (s.region == none || slot[to.index()] < s.region) s.region = slot[to.index()];
            }
        }
        for (std::uint32_t s = 0; s < systems.size(); ++s) {
            auto& sys = systems[s];
            std::sort(sys.members.begin(), sys.members.end());
            sys.members.erase(std::unique(sys.members.begin(), sys.members.end()), sys.members.end());
            std::uint64_t total = 0;
            for (auto m : sys.members) sys.cumulative.push_back(total += weight(employers[m]));
            if (sys.region != none) regions[sys.region].systems.push_back(s);
        }
        std::uint64_t total = 0;
        for (const auto& e : employers) cumulative.push_back(total += weight(e));
    }

    // Larger employers raise more issues, sub-linearly.
    static std::uint64_t weight(const employer_info& e) { return 8 + isqrt(e.staff); }
};

enum class shape : std::uint8_t { one_employer, one_employer_system_origin, several_in_system, whole_system,
                                  region_named, region_employers, national_empty, national_employers };

constexpr std::array<std::string_view, 12> areas{
    "Estates", "Pathology", "Back office", "Community nursing", "Pharmacy", "Digital services",
    "HR and payroll", "Outpatients", "Theatres", "Mental health inpatient", "Maternity", "Urgent care"};

std::string_view kind_phrase(issue_kind k) {
    switch (k) {
    case issue_kind::restructure: return "restructure";
    case issue_kind::relocation: return "relocation";
    case issue_kind::redeployment: return "redeployment";
    case issue_kind::new_roles: return "new roles";
    case issue_kind::new_technology: return "new technology";
    case issue_kind::role_change: return "role changes";
    case issue_kind::staff_transfer: return "staff transfer";
    case issue_kind::redundancy: return "redundancies";
    case issue_kind::service_change: return "service change";
    case issue_kind::workforce_plan: return "workforce plan";
    case issue_kind::policy: return "policy";
    case issue_kind::pay_and_terms: return "pay and terms";
    }
    return "change";
}

class issue_maker {
public:
    issue_maker(const governance_graph& g, const issue_mix_options& o) : g_(g), o_(o), pop_(g), r_(o.seed, 5) {
        if (o.from.is_special() || o.to.is_special() || o.to < o.from)
            throw graph_error("bad_generator_options", "generate_issues: expected real dates with from <= to, got " +
                                                           to_iso(o.from) + " .. " + to_iso(o.to));
        if (pop_.employers.empty() || pop_.systems.empty() || pop_.regions.empty())
            throw graph_error("bad_generator_options",
                              "generate_issues: the graph needs employers in systems in regions");
        span_ = (o.to - o.from).days();
    }

    issue make(std::size_t n) {
        issue is;
        is.id = "gen-" + std::to_string(o_.seed) + "-" + padded(n + 1, 7);
        is.date = o_.from + boost::gregorian::days(static_cast<long>(r_.below(static_cast<std::uint64_t>(span_) + 1)));
        // ~70% one employer, ~15% system-level (several employers in one
        // system, or one with system origin), ~7% a whole system, ~5%
        // region-wide, ~3% national.
        static constexpr std::array<unsigned, 8> shape_weights{700, 50, 100, 70, 25, 25, 20, 10};
        const auto sh = static_cast<shape>(pick_weighted(r_, shape_weights));
        const bool national = sh == shape::national_empty || sh == shape::national_employers;
        if (national) {
            static constexpr std::array<unsigned, 5> w{350, 350, 100, 100, 100};
            static constexpr std::array<issue_kind, 5> k{issue_kind::policy, issue_kind::pay_and_terms,
                                                         issue_kind::workforce_plan, issue_kind::new_technology,
                                                         issue_kind::staff_transfer};
            is.kind = k[pick_weighted(r_, w)];
        } else {
            static constexpr std::array<unsigned, 10> w{220, 180, 100, 80, 80, 70, 70, 80, 60, 60};
            static constexpr std::array<issue_kind, 10> k{
                issue_kind::redundancy,  issue_kind::restructure,    issue_kind::service_change, issue_kind::relocation,
                issue_kind::redeployment, issue_kind::new_roles,     issue_kind::new_technology, issue_kind::role_change,
                issue_kind::staff_transfer, issue_kind::workforce_plan};
            is.kind = k[pick_weighted(r_, w)];
        }
        std::vector<std::uint32_t> named;  // employers named (or chosen for redundancy counts)
        std::string where;
        switch (sh) {
        case shape::one_employer:
        case shape::one_employer_system_origin: {
            const auto e = employer_on(is.date);
            named.push_back(e);
            is.affected.push_back(id_of(e));
            is.origin = sh == shape::one_employer ? level::employer : level::system;
            is.system_process_agreed = r_.chance(sh == shape::one_employer ? 100 : 400);
            where = is.affected.front();
            break;
        }
        case shape::several_in_system: {
            const auto s = system_with_members(is.date);
            const auto want = static_cast<std::size_t>(r_.between(2, 5));
            for (std::size_t tries = 0; named.size() < want && tries < 4 * want; ++tries) {
                const auto e = member_on(s, is.date);
                if (std::find(named.begin(), named.end(), e) == named.end()) named.push_back(e);
            }
            for (auto e : named) is.affected.push_back(id_of(e));
            is.origin = r_.chance(600) ? level::system : level::employer;
            is.system_process_agreed = r_.chance(300);
            where = g_.id(pop_.systems[s].handle);
            break;
        }
        case shape::whole_system: {
            const auto s = system_with_members(is.date);
            is.affected.push_back(g_.id(pop_.systems[s].handle));
            is.origin = level::system;
            is.system_process_agreed = r_.chance(500);
            where = is.affected.front();
            if (is.kind == issue_kind::redundancy) pick_members(s, is.date, named);
            break;
        }
        case shape::region_named: {
            const auto reg = region_with_members(is.date);
            is.affected.push_back(g_.id(pop_.regions[reg].handle));
            is.origin = level::region;
            is.system_process_agreed = r_.chance(300);
            where = is.affected.front();
            if (is.kind == issue_kind::redundancy) {
                const auto& ss = pop_.regions[reg].systems;
                const auto s = ss[r_.index(ss.size())];
                if (has_member_on(s, is.date)) pick_members(s, is.date, named);
            }
            break;
        }
        case shape::region_employers: {
            const auto reg = region_with_members(is.date);
            const auto& ss = pop_.regions[reg].systems;
            const auto want = static_cast<std::size_t>(r_.between(2, 6));
            for (std::size_t tries = 0; named.size() < want && tries < 4 * want; ++tries) {
                const auto s = ss[r_.index(ss.size())];
                if (!has_member_on(s, is.date)) continue;
                const auto e = member_on(s, is.date);
                if (std::find(named.begin(), named.end(), e) == named.end()) named.push_back(e);
            }
            for (auto e : named) is.affected.push_back(id_of(e));
            is.origin = r_.chance(500) ? level::region : level::employer;
            is.system_process_agreed = r_.chance(200);
            where = g_.id(pop_.regions[reg].handle);
            break;
        }
        case shape::national_empty:
            is.origin = level::national;
            where = "England";
            break;
        case shape::national_employers: {
            const auto want = static_cast<std::size_t>(r_.between(2, 8));
            for (std::size_t tries = 0; named.size() < want && tries < 4 * want; ++tries) {
                const auto e = employer_on(is.date);
                if (std::find(named.begin(), named.end(), e) == named.end()) named.push_back(e);
            }
            for (auto e : named) is.affected.push_back(id_of(e));
            is.origin = level::national;
            where = "England";
            break;
        }
        }
        if (sh == shape::national_empty && is.kind != issue_kind::policy && is.kind != issue_kind::pay_and_terms)
            is.kind = issue_kind::policy;

        if (is.kind == issue_kind::redundancy && !named.empty()) {
            const std::size_t counted = std::min<std::size_t>(named.size(), 3);
            for (std::size_t k = 0; k < counted; ++k) {
                const auto& e = pop_.employers[named[k]];
                is.redundancies.emplace_back(id_of(named[k]), redundancy_count(e.staff));
            }
            is.first_dismissal = is.date + boost::gregorian::days(r_.between(30, 120));
        }
        is.title = std::string(areas[r_.index(areas.size())]) + " " + std::string(kind_phrase(is.kind)) + " (" + where + ")";
        return is;
    }

private:
    const std::string& id_of(std::uint32_t e) const { return g_.id(pop_.employers[e].handle); }

    bool valid_on(std::uint32_t e, date d) const { return pop_.employers[e].valid.contains(d); }

    // Skewed: many below 20, some 20-99, few 100 or more; never more than
    // the employer's staff.
    int redundancy_count(std::uint32_t staff) {
        int n;
        const auto band = r_.below(100);
        if (band < 62) n = r_.between(1, 19);
        else if (band < 92) n = r_.between(20, 99);
        else n = r_.between(100, 450);
        return std::max(1, std::min(n, static_cast<int>(std::min<std::uint32_t>(staff, 1'000'000))));
    }

    std::uint32_t employer_on(date d) {
        for (int tries = 0; tries < 64; ++tries) {
            const auto e = static_cast<std::uint32_t>(pick_cumulative(r_, pop_.cumulative));
            if (valid_on(e, d)) return e;
        }
        const auto start = r_.index(pop_.employers.size());
        for (std::size_t k = 0; k < pop_.employers.size(); ++k) {
            const auto e = static_cast<std::uint32_t>((start + k) % pop_.employers.size());
            if (valid_on(e, d)) return e;
        }
        throw graph_error("no_valid_employer", "generate_issues: no employer is valid on " + to_iso(d));
    }

    bool has_member_on(std::uint32_t s, date d) const {
        const auto& m = pop_.systems[s].members;
        return std::any_of(m.begin(), m.end(), [&](std::uint32_t e) { return valid_on(e, d); });
    }

    std::uint32_t member_on(std::uint32_t s, date d) {
        const auto& sys = pop_.systems[s];
        for (int tries = 0; tries < 64; ++tries) {
            const auto e = sys.members[pick_cumulative(r_, sys.cumulative)];
            if (valid_on(e, d)) return e;
        }
        for (auto e : sys.members)
            if (valid_on(e, d)) return e;
        throw graph_error("no_valid_employer", "generate_issues: no employer valid on " + to_iso(d) + " in a system");
    }

    void pick_members(std::uint32_t s, date d, std::vector<std::uint32_t>& named) {
        const auto want = static_cast<std::size_t>(r_.between(1, 3));
        for (std::size_t tries = 0; named.size() < want && tries < 4 * want; ++tries) {
            const auto e = member_on(s, d);
            if (std::find(named.begin(), named.end(), e) == named.end()) named.push_back(e);
        }
    }

    std::uint32_t system_with_members(date d) {
        // A system weighted by its employers: the one of a random employer.
        for (int tries = 0; tries < 64; ++tries) {
            const auto e = employer_on(d);
            const auto s = pop_.employers[e].system;
            if (s != population::none) return s;
        }
        for (std::uint32_t s = 0; s < pop_.systems.size(); ++s)
            if (has_member_on(s, d)) return s;
        throw graph_error("no_valid_employer", "generate_issues: no system has an employer valid on " + to_iso(d));
    }

    std::uint32_t region_with_members(date d) {
        for (int tries = 0; tries < 64; ++tries) {
            const auto s = system_with_members(d);
            if (pop_.systems[s].region != population::none) return pop_.systems[s].region;
        }
        throw graph_error("no_valid_employer", "generate_issues: no region has an employer valid on " + to_iso(d));
    }

    const governance_graph& g_;
    const issue_mix_options& o_;
    population pop_;
    rng r_;
    long span_ = 0;
};

} // namespace

void generate_issues(const governance_graph& g, const issue_mix_options& options,
                     const std::function<void(const issue&)>& each) {
    if (options.count == 0) return;
    issue_maker maker(g, options);
    for (std::size_t n = 0; n < options.count; ++n) each(maker.make(n));
}

std::vector<issue> generate_issues(const governance_graph& g, const issue_mix_options& options) {
    std::vector<issue> out;
    out.reserve(options.count);
    generate_issues(g, options, [&out](const issue& i) { out.push_back(i); });
    return out;
}

} // namespace spfgov
