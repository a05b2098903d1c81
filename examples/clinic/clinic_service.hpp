// The clinic as the toolkit sees it: a world is a fresh in-memory store.
#pragma once

#include "server/toolkit/service.hpp"

namespace dialgraph::clinic {

// Conversation fixtures may say (docs/actions.md):
//   now: 1795000000            # the clock, epoch seconds
//   booked:                    # appointments that exist before the first session
//     - {phone: "+265991000009", clinic: Mzuzu Central, patient: Ann Phiri, day: 1, time: "08:00"}
// where `day` counts days after today, as the booking menu offers them (1 to 5).
toolkit::Service clinic_service();

}  // namespace dialgraph::clinic
