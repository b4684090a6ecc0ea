/* Physical constants (CODATA 2018) and atomic weights (IUPAC) used across the library. */
#ifndef SIASSB_CONSTANTS_H
#define SIASSB_CONSTANTS_H

#define SIASSB__FARADAY 96485.33212          /* C/mol */
#define SIASSB__GAS_CONSTANT 8.314462618     /* J/(mol K) */
#define SIASSB__BOLTZMANN_EV 8.617333262e-5  /* eV/K */
#define SIASSB__MOLAR_MASS_LI 6.94           /* g/mol, IUPAC abridged standard atomic weight */
#define SIASSB__MAH_PER_COULOMB (1.0 / 3.6)  /* 1 mAh = 3.6 C */
#define SIASSB__C_PER_M2_PER_MAH_PER_CM2 36000.0 /* 1 mAh/cm2 = 3.6 C / 1e-4 m2 */

#endif
